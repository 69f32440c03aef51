"""`python -m entitlement.operator`: run the kopf operator against the current kubeconfig."""

from __future__ import annotations

import asyncio

import kopf

from entitlement import logs
from entitlement.operator import handlers  # noqa: F401  (registers the handlers)
from entitlement.settings import OperatorSettings


def main() -> None:
    settings = OperatorSettings()
    logs.configure(settings.log_level, settings.log_format)
    kopf.configure(
        log_format=kopf.LogFormat.JSON if settings.log_format == "json" else kopf.LogFormat.PLAIN,
        verbose=settings.log_level == "DEBUG",
    )
    liveness = (
        f"http://{settings.liveness_host}:{settings.liveness_port}/healthz"
        if settings.liveness_port
        else None
    )
    asyncio.run(
        kopf.operator(clusterwide=True, standalone=True, liveness_endpoint=liveness)
    )


if __name__ == "__main__":
    main()
