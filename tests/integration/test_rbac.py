"""The ServiceAccount has what the operator needs and nothing more."""

from __future__ import annotations

import pytest

from entitlement.devenv.cluster import REPO_ROOT
from tests.conftest import Kubectl

ALLOWED = [
    ("list", "tenants.cloud.betterdb.com"),
    ("watch", "licenses.cloud.betterdb.com"),
    ("patch", "customers.cloud.betterdb.com"),
    ("patch", "tenants.cloud.betterdb.com/status"),
    ("create", "events"),
]
DENIED = [
    ("delete", "tenants.cloud.betterdb.com"),
    ("create", "tenants.cloud.betterdb.com"),
    ("list", "secrets"),
    ("get", "secrets"),
    ("create", "clusterroles.rbac.authorization.k8s.io"),
    ("*", "*"),
    ("list", "customresourcedefinitions.apiextensions.k8s.io"),
]


@pytest.mark.parametrize(("verb", "resource"), ALLOWED)
def test_allowed(sa_kubectl: Kubectl, verb: str, resource: str) -> None:
    proc = sa_kubectl("auth", "can-i", verb, resource, check=False)
    assert proc.stdout.strip() == "yes", proc.stdout + proc.stderr


@pytest.mark.parametrize(("verb", "resource"), DENIED)
def test_denied(sa_kubectl: Kubectl, verb: str, resource: str) -> None:
    proc = sa_kubectl("auth", "can-i", verb, resource, check=False)
    assert proc.stdout.strip() == "no", proc.stdout + proc.stderr


def test_clusterrole_has_no_wildcards() -> None:
    import yaml

    with open(REPO_ROOT / "manifests/rbac/clusterrole.yaml") as fh:
        role = yaml.safe_load(fh)
    for rule in role["rules"]:
        for key in ("apiGroups", "resources", "verbs"):
            assert "*" not in rule[key], rule
