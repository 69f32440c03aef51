"""Python-side validation matches the admission rules."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from entitlement.api import constants as c
from entitlement.api import models as m


def _tenant(name: str) -> dict[str, object]:
    return {"metadata": {"name": name}, "spec": {"displayName": "x", "email": "a@b.co"}}


@pytest.mark.parametrize(
    "name", ["Acme", "ab", "a" * 31, "-ab", "ab-", "a_b", "a';drop", "\u0430cme", "www", "demo"]
)
def test_bad_subdomains(name: str) -> None:
    with pytest.raises(ValidationError, match=r"metadata\.name"):
        m.Tenant.model_validate(_tenant(name))


@pytest.mark.parametrize("name", ["acme", "a-b-c", "abc", "a" * 30, "123"])
def test_good_subdomains(name: str) -> None:
    t = m.Tenant.model_validate(_tenant(name))
    assert t.spec.deletion_policy == "Delete"
    assert t.spec.suspended is False


def test_wire_round_trip_is_camel_case() -> None:
    spec = m.LicenseSpec(customer_ref="acme", tier="pro")
    wire = spec.wire()
    assert wire["customerRef"] == "acme"
    assert wire["instanceLimit"] == c.DEFAULT_INSTANCE_LIMIT
    assert "expiresAt" not in wire
    assert m.LicenseSpec.model_validate(wire) == spec


def test_instance_limit_must_be_positive() -> None:
    with pytest.raises(ValidationError):
        m.LicenseSpec(customer_ref="acme", tier="pro", instance_limit=0)


def test_names() -> None:
    assert c.tenant_namespace("my-co") == "tenant-my-co"
    assert c.tenant_schema("my-co") == "tenant_my_co"
