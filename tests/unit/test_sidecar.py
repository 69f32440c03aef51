"""The sidecar skeleton: health endpoints, JSON errors."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from entitlement.settings import SidecarSettings
from entitlement.webhooks.app import create_app


async def test_health_endpoints(aiohttp_client: Any) -> None:
    client = await aiohttp_client(create_app(SidecarSettings()))
    r = await client.get("/healthz")
    assert r.status == 200 and (await r.json())["status"] == "ok"
    r = await client.get("/readyz")
    assert r.status == 200 and (await r.json())["status"] == "ready"


async def test_unknown_route_is_json_404(aiohttp_client: Any) -> None:
    client = await aiohttp_client(create_app(SidecarSettings()))
    r = await client.get("/nope")
    assert r.status == 404
    body = await r.json()
    assert body["statusCode"] == 404


async def test_wrong_method_is_json_405(aiohttp_client: Any) -> None:
    client = await aiohttp_client(create_app(SidecarSettings()))
    r = await client.post("/healthz")
    assert r.status == 405
    assert (await r.json())["statusCode"] == 405


def test_secrets_do_not_leak_through_repr() -> None:
    s = SidecarSettings(
        admin_api_token=SecretStr("super-secret-token"),
        stripe_webhook_secret=SecretStr("whsec_abc"),
    )
    assert "super-secret-token" not in repr(s) and "whsec_abc" not in repr(s)
    assert "super-secret-token" not in str(s.model_dump())
