"""The API refuses bad objects at admission, with a message that names the field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from entitlement.api import constants as c
from tests.conftest import SAMPLES, Kubectl

REPO_SAMPLES = SAMPLES


def tenant(name: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": c.API_VERSION,
        "kind": "Tenant",
        "metadata": {"name": name},
        "spec": {"displayName": "Acme", "email": "ops@acme.example", **spec},
    }


def license_(name: str = "lic-bad", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": c.API_VERSION,
        "kind": "License",
        "metadata": {"name": name},
        "spec": {"customerRef": "acme", "tier": "pro", **spec},
    }


def customer(name: str = "cust-bad", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": c.API_VERSION,
        "kind": "Customer",
        "metadata": {"name": name},
        "spec": {"email": "a@b.example", **spec},
    }


INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("uppercase subdomain", tenant("Acme"), "metadata.name"),
    ("too short", tenant("ab"), "metadata.name"),
    ("too long", tenant("a" * 31), "metadata.name"),
    ("leading hyphen", tenant("-acme"), "metadata.name"),
    ("trailing hyphen", tenant("acme-"), "metadata.name"),
    ("underscore", tenant("ac_me"), "metadata.name"),
    ("sql injection", tenant("a';drop"), "metadata.name"),
    ("cyrillic look-alike a", tenant("\u0430cme"), "metadata.name"),
    ("fullwidth look-alike", tenant("\uff41cme"), "metadata.name"),
    ("dot in subdomain", tenant("ac.me"), "metadata.name"),
    ("reserved www", tenant("www"), "metadata.name"),
    ("reserved admin", tenant("admin"), "metadata.name"),
    ("reserved demo", tenant("demo"), "metadata.name"),
    ("reserved api", tenant("api"), "metadata.name"),
    ("tenant bad email", tenant("bad-email", email="not-an-email"), "spec.email"),
    ("tenant email with space", tenant("bad-email2", email="a b@c.de"), "spec.email"),
    ("tenant missing email", {**tenant("no-email"), "spec": {"displayName": "x"}}, "spec.email"),
    ("tenant empty displayName", tenant("no-display", displayName=""), "spec.displayName"),
    (
        "tenant bad deletionPolicy",
        tenant("bad-policy", deletionPolicy="Orphan"),
        "spec.deletionPolicy",
    ),
    ("tenant bad image tag", tenant("bad-tag", imageTag="v1;rm -rf"), "spec.imageTag"),
    ("tenant bad domain", tenant("bad-domain", domain="Not A Domain"), "spec.domain"),
    (
        "tenant bad cpu",
        tenant("bad-cpu", resources={"limits": {"cpu": "lots"}}),
        "spec.resources.limits.cpu",
    ),
    ("customer bad email", customer(email="nope"), "spec.email"),
    ("customer bad stripe id", customer(stripeCustomerId="sub_123"), "spec.stripeCustomerId"),
    ("license bad tier", license_(tier="gold"), "spec.tier"),
    ("license instanceLimit 0", license_(instanceLimit=0), "spec.instanceLimit"),
    ("license negative instanceLimit", license_(instanceLimit=-5), "spec.instanceLimit"),
    ("license bad date", license_(expiresAt="2026-13-45"), "spec.expiresAt"),
    ("license date without time", license_(expiresAt="next tuesday"), "spec.expiresAt"),
    ("license missing customerRef", {**license_(), "spec": {"tier": "pro"}}, "spec.customerRef"),
    ("license bad customerRef", license_(customerRef="Not_Valid"), "spec.customerRef"),
]


@pytest.mark.parametrize(("label", "obj", "field"), INVALID, ids=[i[0] for i in INVALID])
def test_invalid_object_is_refused_naming_the_field(
    kubectl: Kubectl, label: str, obj: dict[str, Any], field: str
) -> None:
    proc = kubectl("apply", "-f", "-", input_text=json.dumps(obj), check=False)
    assert proc.returncode != 0, f"{label}: accepted but should be refused"
    assert field in proc.stderr, f"{label}: message does not name {field}: {proc.stderr}"
    # nothing was stored
    kind = obj["kind"].lower()
    got = kubectl("get", kind, obj["metadata"]["name"], check=False)
    assert got.returncode != 0


IMMUTABLE: list[tuple[str, dict[str, Any], dict[str, Any], str]] = [
    ("tenant isDemo", tenant("imm-demo"), tenant("imm-demo", isDemo=True), "spec.isDemo"),
    (
        "tenant customerRef change",
        tenant("imm-cust", customerRef="acme"),
        tenant("imm-cust", customerRef="other"),
        "spec.customerRef",
    ),
    (
        "tenant customerRef removal",
        tenant("imm-cust2", customerRef="acme"),
        tenant("imm-cust2"),
        "spec.customerRef",
    ),
    (
        "license customerRef",
        license_("imm-lic"),
        license_("imm-lic", customerRef="other"),
        "spec.customerRef",
    ),
    (
        "customer stripe id",
        customer("imm-cust-stripe", stripeCustomerId="cus_A1"),
        customer("imm-cust-stripe", stripeCustomerId="cus_B2"),
        "spec.stripeCustomerId",
    ),
]


@pytest.mark.parametrize(
    ("label", "before", "after", "field"), IMMUTABLE, ids=[i[0] for i in IMMUTABLE]
)
def test_changing_an_immutable_field_is_refused(
    kubectl: Kubectl, label: str, before: dict[str, Any], after: dict[str, Any], field: str
) -> None:
    kubectl("apply", "-f", "-", input_text=json.dumps(before))
    try:
        # replace sends the whole object, so a removed field is really removed
        proc = kubectl("replace", "-f", "-", input_text=json.dumps(after), check=False)
        assert proc.returncode != 0, f"{label}: change accepted"
        assert field in proc.stderr and "immutable" in proc.stderr, proc.stderr
    finally:
        kubectl("delete", before["kind"].lower(), before["metadata"]["name"], "--wait=false")


def test_mutable_email_may_change(kubectl: Kubectl) -> None:
    kubectl("apply", "-f", "-", input_text=json.dumps(tenant("mut-email", customerRef="acme")))
    try:
        kubectl(
            "apply",
            "-f",
            "-",
            input_text=json.dumps(
                tenant("mut-email", customerRef="acme", email="new@acme.example")
            ),
        )
        got = json.loads(kubectl("get", "tenant", "mut-email", "-o", "json").stdout)
        assert got["spec"]["email"] == "new@acme.example"
    finally:
        kubectl("delete", "tenant", "mut-email", "--wait=false")


def test_samples_are_accepted_with_defaults(kubectl: Kubectl) -> None:
    proc = kubectl("apply", "--dry-run=server", "-k", REPO_SAMPLES, "-o", "json")
    items = json.loads(proc.stdout)["items"]
    assert {i["kind"] for i in items} == {"Tenant", "License", "Customer"}
    by_kind = {i["kind"]: i for i in items}
    assert by_kind["Tenant"]["spec"]["deletionPolicy"] == "Delete"
    assert by_kind["Tenant"]["spec"]["suspended"] is False
    assert by_kind["License"]["spec"]["active"] is True
    assert by_kind["License"]["spec"]["enforceInstanceLimit"] is False
