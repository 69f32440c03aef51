"""What a person sees with kubectl: printer columns, short names, categories, explain."""

from __future__ import annotations

import json

from tests.conftest import SAMPLES, Kubectl


def test_printer_columns(kubectl: Kubectl) -> None:
    kubectl("apply", "-k", SAMPLES)
    out = kubectl("get", "tenants,licenses,customers").stdout
    lines = out.splitlines()
    headers = [ln.split() for ln in lines if ln.startswith("NAME")]
    assert ["NAME", "PHASE", "READY", "URL", "IMAGE", "AGE"] in headers, out
    assert ["NAME", "CUSTOMER", "TIER", "PHASE", "EXPIRES", "AGE"] in headers, out
    assert ["NAME", "EMAIL", "NAME", "STRIPE", "READY", "AGE"] in headers, out
    assert "2027-12-31T23:59:59Z" in out  # Expires shows the date, not <invalid>
    wide = kubectl("get", "tenants", "-o", "wide").stdout
    assert "CUSTOMER" in wide and "MESSAGE" in wide


def test_short_names_and_category(kubectl: Kubectl) -> None:
    kubectl("apply", "-k", SAMPLES)
    for short in ("tnt", "lic", "cust"):
        assert kubectl("get", short).returncode == 0
    out = kubectl("get", "betterdb", "-o", "name").stdout.split()
    assert "tenant.cloud.betterdb.com/acme" in out
    assert "license.cloud.betterdb.com/acme-pro" in out
    assert "customer.cloud.betterdb.com/acme" in out


def test_explain_shows_descriptions(kubectl: Kubectl) -> None:
    out = kubectl("explain", "tenant.spec").stdout
    assert "Desired state of a tenant" in out
    for field in (
        "displayName",
        "email",
        "customerRef",
        "licenseRef",
        "imageTag",
        "suspended",
        "deletionPolicy",
        "deletionProtection",
        "domain",
        "isDemo",
        "resources",
    ):
        assert field in out
    assert "Immutable once set" in out
    out = kubectl("explain", "license.status").stdout
    assert "keyHash" in out and "SHA-256" in out
    out = kubectl("explain", "customer.spec.stripeCustomerId").stdout
    assert "Stripe customer id" in out


def test_crds_are_cluster_scoped_with_status_subresource(kubectl: Kubectl) -> None:
    for plural in ("tenants", "licenses", "customers"):
        crd = json.loads(kubectl("get", "crd", f"{plural}.cloud.betterdb.com", "-o", "json").stdout)
        assert crd["spec"]["scope"] == "Cluster"
        assert crd["spec"]["versions"][0]["subresources"] == {"status": {}}
        assert crd["spec"]["names"]["categories"] == ["betterdb"]


def test_whole_kustomization_applies_and_runs(kubectl: Kubectl) -> None:
    """`kubectl apply -k manifests/` works; the pod passes the namespace's `restricted` policy."""
    from entitlement.devenv.cluster import REPO_ROOT
    from tests.conftest import wait_for

    proc = kubectl("apply", "-k", str(REPO_ROOT / "manifests"))
    assert "deployment.apps/betterdb-entitlement" in proc.stdout
    assert "service/betterdb-entitlement" in proc.stdout
    wait_for(
        lambda: (
            json.loads(
                kubectl(
                    "-n", "betterdb-system", "get", "deploy", "betterdb-entitlement", "-o", "json"
                ).stdout
            )["status"].get("readyReplicas")
            == 1
        ),
        timeout=60,
    )
    events = kubectl("-n", "betterdb-system", "get", "events", "-o", "json").stdout
    assert "violates PodSecurity" not in events
