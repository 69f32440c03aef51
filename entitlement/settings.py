"""Settings of the operator and the sidecar, read from the environment (12-factor).

Secrets are `SecretStr` so they never show up in reprs, logs or error messages.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from entitlement.api import constants as c


class CommonSettings(BaseSettings):
    """What both processes read."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Root log level."
    )
    log_format: Literal["json", "text"] = Field(
        default="json", description="json for machines (default), text for a terminal."
    )
    database_url: SecretStr | None = Field(
        default=None, description="PostgreSQL URL of the master connection."
    )


class OperatorSettings(CommonSettings):
    """Operator-only settings."""

    operator_namespace: str = Field(default=c.SYSTEM_NAMESPACE)
    app_domain: str = Field(default="app.betterdb.com")
    image_registry: str = Field(default="ghcr.io/betterdb-inc")
    default_image_tag: str = Field(default="latest")
    liveness_port: int = Field(default=8080, ge=0, le=65535)
    liveness_host: str = Field(default="127.0.0.1")


class SidecarSettings(CommonSettings):
    """Sidecar-only settings."""

    sidecar_host: str = Field(default="127.0.0.1")
    sidecar_port: int = Field(default=3002, ge=0, le=65535)
    admin_api_token: SecretStr | None = Field(default=None)
    stripe_webhook_secret: SecretStr | None = Field(default=None)
