"""`python -m entitlement.operator`: run the kopf operator against the current kubeconfig."""

from __future__ import annotations

import asyncio

import kopf

from entitlement import logs
from entitlement.operator import handlers  # noqa: F401  (registers the handlers)
from entitlement.settings import OperatorSettings


def main() -> None:
    settings = OperatorSettings()
    kopf.configure(verbose=settings.log_level == "DEBUG")
    logs.configure(settings.log_level, settings.log_format)  # replaces kopf's root handler
    liveness = (
        f"http://{settings.liveness_host}:{settings.liveness_port}/healthz"
        if settings.liveness_port
        else None
    )
    asyncio.run(kopf.operator(clusterwide=True, standalone=True, liveness_endpoint=liveness))


if __name__ == "__main__":
    main()
