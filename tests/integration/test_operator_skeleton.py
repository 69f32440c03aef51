"""The operator, with only its ServiceAccount's permissions, writes the initial status."""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any

from tests.conftest import SAMPLES, Kubectl, wait_for


def _get(kubectl: Kubectl, kind: str, name: str) -> dict[str, Any]:
    return dict(json.loads(kubectl("get", kind, name, "-o", "json").stdout))


def _cond(obj: dict[str, Any], type_: str) -> dict[str, Any] | None:
    for cond in obj.get("status", {}).get("conditions", []):
        if cond["type"] == type_:
            return dict(cond)
    return None


def test_initial_status_on_new_tenant(kubectl: Kubectl, operator: subprocess.Popen[bytes]) -> None:
    kubectl.apply(
        {
            "apiVersion": "cloud.betterdb.com/v1alpha1",
            "kind": "Tenant",
            "metadata": {"name": "first-sight"},
            "spec": {"displayName": "First", "email": "first@example.com"},
        }
    )
    obj = wait_for(lambda: (o := _get(kubectl, "tenant", "first-sight")).get("status") and o)
    gen = obj["metadata"]["generation"]
    jsonpath = kubectl(
        "get", "tenant", "first-sight", "-o", "jsonpath={.status.observedGeneration}"
    ).stdout
    assert jsonpath == str(gen)
    assert _cond(obj, "Reconciling")["status"] == "True"  # type: ignore[index]
    assert _cond(obj, "Ready")["status"] == "Unknown"  # type: ignore[index]
    assert obj["status"]["phase"] == "Pending"

    # a spec change bumps generation; the operator follows
    kubectl(
        "patch",
        "tenant",
        "first-sight",
        "--type=merge",
        "-p",
        json.dumps({"spec": {"displayName": "First, renamed"}}),
    )
    obj = wait_for(
        lambda: (
            (o := _get(kubectl, "tenant", "first-sight"))["status"].get("observedGeneration")
            == o["metadata"]["generation"]
            and o
        )
    )
    assert obj["metadata"]["generation"] == gen + 1
    assert _cond(obj, "Ready")["observedGeneration"] == gen + 1  # type: ignore[index]


def test_initial_status_on_license_and_customer(
    kubectl: Kubectl, operator: subprocess.Popen[bytes]
) -> None:
    kubectl("apply", "-k", SAMPLES)
    for kind, name in (("license", "acme-pro"), ("customer", "acme")):
        obj = wait_for(
            lambda k=kind, n=name: (
                (o := _get(kubectl, k, n)).get("status", {}).get("observedGeneration")
                == o["metadata"]["generation"]
                and o
            )
        )
        assert _cond(obj, "Reconciling")["status"] == "True"  # type: ignore[index]
        assert _cond(obj, "Ready")["status"] == "Unknown"  # type: ignore[index]


def test_converged_object_causes_no_writes(
    kubectl: Kubectl, operator: subprocess.Popen[bytes]
) -> None:
    kubectl.apply(
        {
            "apiVersion": "cloud.betterdb.com/v1alpha1",
            "kind": "Customer",
            "metadata": {"name": "quiet"},
            "spec": {"email": "quiet@example.com"},
        }
    )
    obj = wait_for(lambda: (o := _get(kubectl, "customer", "quiet")).get("status") and o)
    rv = obj["metadata"]["resourceVersion"]
    # touch an unrelated label: kopf sees an update, but status must not be rewritten
    kubectl("label", "customer", "quiet", "touched=yes")
    after_label = _get(kubectl, "customer", "quiet")["metadata"]["resourceVersion"]
    assert after_label != rv
    time.sleep(3)
    final = _get(kubectl, "customer", "quiet")
    assert final["status"] == obj["status"]
    # only kopf's diff-base annotation may have moved; the status did not
    assert (
        _cond(final, "Ready")["lastTransitionTime"]
        == _cond(obj, "Ready")[  # type: ignore[index]
            "lastTransitionTime"
        ]
    )
    # the operator wrote the status exactly once for this object
    log = operator.log_path.read_text()  # type: ignore[attr-defined]
    writes = [
        ln for ln in log.splitlines() if "initial status written" in ln and '"Customer/quiet"' in ln
    ]
    handled = [ln for ln in log.splitlines() if '"Customer/quiet"' in ln and "Handler" in ln]
    assert len(writes) == 1, writes
    assert len(handled) >= 2, "the label change should have reached the handler"
