"""kopf handlers: thin glue between watch events and the converge functions.

This first cut registers the three kinds and, on first sight of each generation, writes
observedGeneration, Reconciling=True and Ready=Unknown (so kstatus never calls a fresh object
Current). Reconciliation of children comes next.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import kopf

from entitlement import kube
from entitlement.api import constants as c
from entitlement.operator import status as st


@kopf.on.startup()
def configure(settings: kopf.OperatorSettings, **_: Any) -> None:
    """Keep kopf's bookkeeping in our own annotations and out of the (pruned) status."""
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(
        prefix=c.ANNOTATION_PREFIX
    )
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(
        prefix=c.ANNOTATION_PREFIX, key="last-handled-configuration"
    )
    settings.persistence.finalizer = c.FINALIZER
    # We do not watch CRDs or namespaces: the ClusterRole grants neither.
    settings.scanning.disabled = True
    settings.posting.level = logging.WARNING
    settings.watching.server_timeout = 300
    settings.watching.client_timeout = 330


def observe(kind: str, body: kopf.Body, logger: kopf.Logger) -> None:
    """Write the initial status of a new generation; no write when nothing changes."""
    name = body["metadata"]["name"]
    generation = int(body["metadata"].get("generation") or 1)
    current = dict(body.get("status") or {})
    if not st.needs_initial_status(current, generation):
        return
    desired = st.initial_status(
        current, generation, dt.datetime.now(dt.UTC), phase=c.INITIAL_PHASE[kind]
    )
    kube.apply_status(kind, name, desired, c.FIELD_MANAGER_OPERATOR)
    logger.info(
        "initial status written", extra={"object": f"{kind}/{name}", "generation": generation}
    )


def _register(kind: str) -> None:
    plural = c.PLURALS[kind]

    def handler(body: kopf.Body, logger: kopf.Logger, **_: Any) -> None:
        observe(kind, body, logger)

    handler.__name__ = f"observe_{plural}"
    for decorator in (kopf.on.create, kopf.on.update, kopf.on.resume):
        decorator(c.GROUP, c.VERSION, plural, id=f"observe-{plural}")(handler)


for _kind in c.PLURALS:
    _register(_kind)
