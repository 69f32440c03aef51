"""Pure status builders: current status + facts in, desired status out. No I/O, no clock.

`lastTransitionTime` only moves when a condition's `status` changes, and callers compare the
result with the current status so that a converged object causes zero writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from entitlement.api import constants as c

Conditions = list[dict[str, Any]]


def rfc3339(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def set_condition(
    conditions: Conditions,
    type_: str,
    status: str,
    reason: str,
    message: str,
    *,
    generation: int | None,
    now: dt.datetime,
) -> Conditions:
    """Return a new list with one condition set, keeping the others and their order."""
    old = get_condition(conditions, type_)
    kept = old is not None and old.get("status") == status and old.get("lastTransitionTime")
    new: dict[str, Any] = {
        "type": type_,
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": old["lastTransitionTime"] if kept and old else rfc3339(now),
    }
    if generation is not None:
        new["observedGeneration"] = generation
    if old is None:
        return [*map(dict, conditions), new]
    return [new if cond is old else dict(cond) for cond in conditions]


def get_condition(conditions: Conditions, type_: str) -> dict[str, Any] | None:
    return next((cd for cd in conditions if cd.get("type") == type_), None)


def initial_status(
    status: dict[str, Any], generation: int, now: dt.datetime, *, phase: str | None
) -> dict[str, Any]:
    """What a controller writes on first sight of a generation, before any slow step.

    kstatus treats an object without conditions as Current, so observedGeneration,
    Reconciling=True and Ready=Unknown go on first, telling Flux/Argo CD/`kubectl wait` that
    work is under way.
    """
    conditions: Conditions = list(status.get("conditions") or [])
    conditions = set_condition(
        conditions,
        c.COND_RECONCILING,
        "True",
        "Progressing",
        f"Reconciling generation {generation}",
        generation=generation,
        now=now,
    )
    ready = get_condition(conditions, c.COND_READY)
    if ready is None or ready.get("observedGeneration") != generation:
        conditions = set_condition(
            conditions,
            c.COND_READY,
            "Unknown",
            "Reconciling",
            "Reconciliation has not finished yet",
            generation=generation,
            now=now,
        )
    desired = {k: v for k, v in status.items() if k != "conditions"}
    desired["conditions"] = conditions
    desired["observedGeneration"] = generation
    if phase is not None and not status.get("phase"):
        desired["phase"] = phase
    return desired


def needs_initial_status(status: dict[str, Any], generation: int) -> bool:
    """True when this generation has not been seen yet (or its conditions are missing)."""
    conditions = status.get("conditions") or []
    return (
        status.get("observedGeneration") != generation
        or get_condition(conditions, c.COND_READY) is None
        or get_condition(conditions, c.COND_RECONCILING) is None
    )
