"""The sidecar's aiohttp application: health now; license validation, Stripe and admin next."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from entitlement.settings import SidecarSettings

log = logging.getLogger(__name__)
SETTINGS = web.AppKey("settings", SidecarSettings)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every error leaves as JSON; unexpected ones as a 500 without internals."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.content_type == "application/json":
            raise
        return web.json_response(
            {"statusCode": exc.status, "message": exc.reason, "error": exc.reason},
            status=exc.status,
        )
    except Exception:
        log.exception("unhandled error", extra={"path": request.path})
        return web.json_response(
            {
                "statusCode": 500,
                "message": "Internal server error",
                "error": "Internal Server Error",
            },
            status=500,
        )


async def healthz(request: web.Request) -> web.Response:
    """Liveness: the event loop answers."""
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Readiness: aiohttp serves only after start-up; dependency checks join here as they arrive."""
    return web.json_response({"status": "ready"})


def create_app(settings: SidecarSettings) -> web.Application:
    """App factory: everything the app needs comes from `settings`, nothing global."""
    app = web.Application(middlewares=[json_errors], client_max_size=1024 * 1024)
    app[SETTINGS] = settings
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app
