"""The one place that talks to the Kubernetes API for our own objects (server-side apply)."""

from __future__ import annotations

import functools
from typing import Any

from kubernetes import client, config

from entitlement.api import constants as c

APPLY = "application/apply-patch+yaml"


@functools.cache
def api_client() -> client.ApiClient:
    """In-cluster config when running in a pod, else the current kubeconfig."""
    try:
        config.load_incluster_config()  # type: ignore[no-untyped-call]
    except config.ConfigException:
        config.load_kube_config()  # type: ignore[no-untyped-call]
    return client.ApiClient()


def custom_objects() -> client.CustomObjectsApi:
    return client.CustomObjectsApi(api_client())


def apply_status(kind: str, name: str, status: dict[str, Any], manager: str) -> None:
    """Server-side apply of a cluster-scoped CR's status, owned by `manager`."""
    body = {
        "apiVersion": c.API_VERSION,
        "kind": kind,
        "metadata": {"name": name},
        "status": status,
    }
    custom_objects().patch_cluster_custom_object_status(
        c.GROUP,
        c.VERSION,
        c.PLURALS[kind],
        name,
        body,
        field_manager=manager,
        force=True,
        _content_type=APPLY,
    )
