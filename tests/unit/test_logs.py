"""Structured logs carry the object they concern."""

from __future__ import annotations

import json
import logging

from entitlement.logs import JsonFormatter


def test_json_log_line_has_object_and_extras() -> None:
    rec = logging.makeLogRecord(
        {
            "msg": "hello %s",
            "args": ("x",),
            "levelname": "INFO",
            "name": "t",
            "k8s_ref": {"kind": "Tenant", "name": "acme"},
            "settings": object(),
            "generation": 2,
        }
    )
    doc = json.loads(JsonFormatter().format(rec))
    assert doc["message"] == "hello x"
    assert doc["object"] == "Tenant/acme"
    assert doc["generation"] == 2
    assert "settings" not in doc
