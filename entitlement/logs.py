"""Structured (JSON) logging shared by the operator and the sidecar."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# kopf's per-object logger adds these; k8s_ref names the object, the rest is noise.
_SKIP = {"settings", "k8s_skip"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line; `extra=` fields (e.g. object=...) become top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key in _SKIP or key.startswith("_"):
                continue
            if key == "k8s_ref" and isinstance(value, dict):
                doc.setdefault("object", f"{value.get('kind')}/{value.get('name')}")
                continue
            doc[key] = value
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str)


def configure(level: str = "INFO", fmt: str = "json") -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
