"""Pure status builders."""

from __future__ import annotations

import datetime as dt

from entitlement.operator import status as st

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(minutes=5)


def test_initial_status_sets_generation_and_conditions() -> None:
    s = st.initial_status({}, 3, T0, phase="Pending")
    assert s["observedGeneration"] == 3
    assert s["phase"] == "Pending"
    by_type = {c["type"]: c for c in s["conditions"]}
    assert by_type["Reconciling"]["status"] == "True"
    assert by_type["Ready"]["status"] == "Unknown"
    assert all(c["reason"] and c["observedGeneration"] == 3 for c in s["conditions"])
    assert not st.needs_initial_status(s, 3)
    assert st.needs_initial_status(s, 4)


def test_is_idempotent() -> None:
    s = st.initial_status({}, 1, T0, phase=None)
    assert st.initial_status(s, 1, T1, phase=None) == s
    assert "phase" not in s


def test_transition_time_moves_only_on_status_change() -> None:
    conds = st.set_condition([], "Ready", "Unknown", "A", "m", generation=1, now=T0)
    same = st.set_condition(conds, "Ready", "Unknown", "B", "other", generation=2, now=T1)
    assert same[0]["lastTransitionTime"] == st.rfc3339(T0)
    assert same[0]["reason"] == "B"
    moved = st.set_condition(conds, "Ready", "True", "Done", "ok", generation=2, now=T1)
    assert moved[0]["lastTransitionTime"] == st.rfc3339(T1)


def test_set_condition_keeps_other_conditions_and_order() -> None:
    conds = st.set_condition([], "A", "True", "R", "", generation=None, now=T0)
    conds = st.set_condition(conds, "B", "False", "R", "", generation=None, now=T0)
    conds = st.set_condition(conds, "A", "False", "R", "", generation=None, now=T1)
    assert [c["type"] for c in conds] == ["A", "B"]
    assert "observedGeneration" not in conds[0]


def test_existing_phase_is_kept() -> None:
    s = st.initial_status({"phase": "Ready"}, 2, T0, phase="Pending")
    assert s["phase"] == "Ready"
