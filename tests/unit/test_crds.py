"""The CRDs in crds/ are exactly what the Python models produce, and they teach the API."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from entitlement.api import constants as c
from entitlement.api import crdgen
from entitlement.api import models as m


def test_committed_crds_match_the_models() -> None:
    for path, text in crdgen.expected_files().items():
        assert path.exists(), f"{path} missing: run `make crds`"
        assert path.read_text() == text, f"{path} is stale: run `make crds`"


def _walk(schema: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    out = [(path, schema)]
    for name, sub in (schema.get("properties") or {}).items():
        out += _walk(sub, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        out += _walk(schema["items"], f"{path}[]")
    return out


@pytest.mark.parametrize("kind", crdgen.KINDS, ids=lambda k: k.kind)
def test_every_field_has_a_description(kind: crdgen.KindSpec) -> None:
    root = crdgen.crd(kind)["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    missing = [
        p
        for p, s in _walk(root, kind.kind)
        if not s.get("description")
        and not p.endswith(".metadata")
        and not (p.endswith("[]") and s.get("type") != "object")
    ]
    assert not missing, missing


@pytest.mark.parametrize("kind", crdgen.KINDS, ids=lambda k: k.kind)
def test_schema_is_structural(kind: crdgen.KindSpec) -> None:
    """Every node has a type; no anyOf/$ref survive; no JSON-Schema-only keywords."""
    root = crdgen.crd(kind)["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    for path, node in _walk(root, kind.kind):
        assert "type" in node, path
        for bad in ("$ref", "anyOf", "allOf", "oneOf", "title", "exclusiveMinimum", "const"):
            assert bad not in node, (path, bad)


def _model_fields(model: type[m.BaseModel]) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}


@pytest.mark.parametrize(
    ("model", "plural", "section"),
    [
        (m.TenantSpec, "tenants", "spec"),
        (m.TenantStatus, "tenants", "status"),
        (m.LicenseSpec, "licenses", "spec"),
        (m.LicenseStatus, "licenses", "status"),
        (m.CustomerSpec, "customers", "spec"),
        (m.CustomerStatus, "customers", "status"),
    ],
)
def test_yaml_fields_equal_model_fields(
    model: type[m.BaseModel], plural: str, section: str
) -> None:
    with open(crdgen.CRD_DIR / f"{c.GROUP}_{plural}.yaml") as fh:
        doc = yaml.safe_load(fh)
    props = doc["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"][section]
    assert set(props["properties"]) == _model_fields(model)


def test_reserved_words_come_from_one_list() -> None:
    rule = crdgen.TENANT.root_rules[0]["rule"]
    for word in c.RESERVED_SUBDOMAINS:
        assert f"'{word}'" in rule
    assert len(c.RESERVED_SUBDOMAINS) >= 19
    for word in (
        "www",
        "api",
        "app",
        "admin",
        "system",
        "demo",
        "mail",
        "status",
        "docs",
        "billing",
        "dashboard",
        "auth",
        "static",
        "cdn",
        "internal",
    ):
        assert word in c.RESERVED_SUBDOMAINS


def test_check_mode_detects_staleness(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crdgen, "CRD_DIR", tmp_path)
    assert crdgen.main(["--check"]) == 1
    assert crdgen.main([]) == 0
    assert crdgen.main(["--check"]) == 0
    (tmp_path / f"{c.GROUP}_tenants.yaml").write_text("edited")
    assert crdgen.main(["--check"]) == 1
