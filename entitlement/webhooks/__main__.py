"""`python -m entitlement.webhooks`: serve the sidecar (default 127.0.0.1:3002)."""

from __future__ import annotations

from aiohttp import web

from entitlement import logs
from entitlement.settings import SidecarSettings
from entitlement.webhooks.app import create_app


def main() -> None:
    settings = SidecarSettings()
    logs.configure(settings.log_level, settings.log_format)
    web.run_app(
        create_app(settings),
        host=settings.sidecar_host,
        port=settings.sidecar_port,
        access_log=None,
        print=None,
    )


if __name__ == "__main__":
    main()
