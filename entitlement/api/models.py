"""Python models of the three custom resources: the single source of the CRD schemas.

`make crds` turns these models (descriptions, patterns, defaults, CEL rules) into `crds/*.yaml`;
a test regenerates them and fails on any difference, so the API and the code cannot drift.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator
from pydantic.alias_generators import to_camel

from entitlement.api import constants as c

Tier = Literal["community", "pro", "enterprise"]
TenantPhase = Literal["Pending", "Provisioning", "Ready", "Error", "Suspended", "Deleting"]
LicensePhase = Literal["Pending", "Active", "Inactive", "Expired"]


def cel(
    rule: str, message: str, field_path: str | None = None, reason: str | None = None
) -> dict[str, JsonValue]:
    """One `x-kubernetes-validations` entry."""
    entry: dict[str, JsonValue] = {"rule": rule, "message": message}
    if field_path:
        entry["fieldPath"] = field_path
    if reason:
        entry["reason"] = reason
    return entry


def immutable_once_set(field: str, path: str) -> dict[str, JsonValue]:
    """Transition rule on the parent object: a set optional field may not change or vanish."""
    return cel(
        f"!has(oldSelf.{field}) || (has(self.{field}) && self.{field} == oldSelf.{field})",
        f"{path} is immutable once set",
        field_path=f".{field}",
    )


class _Model(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown keys from the API are ignored."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=False
    )

    def wire(self) -> dict[str, Any]:
        """The API (camelCase) form without unset optionals."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


# --------------------------------------------------------------------------- shared
class Condition(_Model):
    """A metav1.Condition: one aspect of the object's state, as kstatus and Flux read it."""

    type: str = Field(
        description="Type of the condition in CamelCase: Ready, Reconciling or Stalled.",
        pattern=r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
        r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
        max_length=316,
    )
    status: Literal["True", "False", "Unknown"] = Field(
        description="Status of the condition: True, False or Unknown."
    )
    reason: str = Field(
        description="Machine-readable CamelCase reason for the last transition.",
        pattern=r"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
        min_length=1,
        max_length=1024,
    )
    message: str = Field(
        default="", description="Human-readable details about the transition.", max_length=32768
    )
    last_transition_time: dt.datetime = Field(
        description="When the status last changed (not when the condition was last written)."
    )
    observed_generation: int | None = Field(
        default=None, ge=0, description="metadata.generation the condition was computed from."
    )


_CONDITIONS_SCHEMA: dict[str, Any] = {
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["type"],
}


class _Status(_Model):
    """Fields every kind's status shares (kstatus reads both)."""

    conditions: list[Condition] = Field(
        default_factory=list,
        description="Standard conditions: Ready (summary), Reconciling, Stalled.",
        json_schema_extra=_CONDITIONS_SCHEMA,
    )
    observed_generation: int | None = Field(
        default=None, ge=0, description="metadata.generation the operator last acted on."
    )


class SecretRef(_Model):
    """Where a Secret lives."""

    name: str = Field(description="Name of the Secret.", max_length=253)
    namespace: str = Field(description="Namespace of the Secret.", max_length=63)


# --------------------------------------------------------------------------- Tenant
class ResourceAmounts(_Model):
    """CPU and memory as Kubernetes quantities."""

    cpu: str | None = Field(
        default=None, pattern=c.QUANTITY_PATTERN, description="CPU quantity, e.g. 250m or 1."
    )
    memory: str | None = Field(
        default=None, pattern=c.QUANTITY_PATTERN, description="Memory quantity, e.g. 512Mi."
    )


class TenantResources(_Model):
    """Override of the operator's default pod sizing for this tenant's monitor."""

    requests: ResourceAmounts | None = Field(
        default=None, description="Guaranteed resources of the monitor container."
    )
    limits: ResourceAmounts | None = Field(
        default=None, description="Upper bounds of the monitor container."
    )


class TenantSpec(_Model):
    """Desired state of a tenant: one BetterDB Monitor instance of one customer."""

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel("self.isDemo == oldSelf.isDemo", "spec.isDemo is immutable", ".isDemo"),
                immutable_once_set("customerRef", "spec.customerRef"),
            ]
        }
    )

    display_name: str = Field(
        min_length=1, max_length=100, description="Name shown to people, e.g. the company name."
    )
    email: str = Field(
        pattern=c.EMAIL_PATTERN,
        max_length=c.EMAIL_MAX,
        description="Contact email of the tenant's owner. May change.",
    )
    customer_ref: str | None = Field(
        default=None,
        pattern=c.REF_PATTERN,
        max_length=c.REF_MAX,
        description="Name of the Customer this tenant belongs to. Immutable once set.",
    )
    license_ref: str | None = Field(
        default=None,
        pattern=c.REF_PATTERN,
        max_length=c.REF_MAX,
        description="Name of the License that entitles this tenant, if any.",
    )
    image_tag: str | None = Field(
        default=None,
        pattern=c.IMAGE_TAG_PATTERN,
        description="Monitor image tag to run. Empty or absent follows the operator's default.",
    )
    suspended: bool = Field(
        default=False,
        description="When true the monitor is scaled to zero; data and configuration are kept.",
    )
    deletion_policy: Literal["Delete", "Retain"] = Field(
        default="Delete",
        description="On deletion of the Tenant: Delete drops the database schema and role; "
        "Retain keeps them.",
    )
    deletion_protection: bool = Field(
        default=False,
        description="When true the operator refuses to deprovision the tenant; set it to false "
        "before deleting.",
    )
    domain: str | None = Field(
        default=None,
        pattern=c.DOMAIN_PATTERN,
        max_length=253,
        description="Custom domain served in addition to <name>.<app domain>, lowercase.",
    )
    is_demo: bool = Field(
        default=False, description="Marks the single public demo tenant. Immutable."
    )
    resources: TenantResources | None = Field(
        default=None, description="Override of the default pod sizing."
    )


class TenantStatus(_Status):
    """Observed state of a tenant, written only by the operator."""

    phase: TenantPhase | None = Field(
        default=None,
        description="Convenience summary derived from the conditions: Pending, Provisioning, "
        "Ready, Error, Suspended or Deleting. Tools should read the conditions.",
    )
    namespace: str | None = Field(default=None, description="Namespace holding the workload.")
    db_schema: str | None = Field(
        default=None, description="PostgreSQL schema of the tenant (its tenantId)."
    )
    url: str | None = Field(default=None, description="Public URL of the monitor.")
    image_tag: str | None = Field(default=None, description="Image tag currently deployed.")
    message: str | None = Field(default=None, description="Last human-readable status detail.")


class ObjectMeta(_Model):
    """The subset of metav1.ObjectMeta our code reads."""

    name: str = Field(description="Object name.")
    generation: int | None = Field(default=None, description="Spec generation.")
    uid: str | None = Field(default=None, description="Unique id.")
    resource_version: str | None = Field(default=None, description="Resource version.")
    labels: dict[str, str] = Field(default_factory=dict, description="Labels.")
    annotations: dict[str, str] = Field(default_factory=dict, description="Annotations.")


class _Resource(_Model):
    """apiVersion and metadata of our custom resources."""

    api_version: Literal["cloud.betterdb.com/v1alpha1"] = Field(
        default="cloud.betterdb.com/v1alpha1", alias="apiVersion"
    )
    metadata: ObjectMeta


class Tenant(_Resource):
    """A BetterDB Cloud tenant; metadata.name is its subdomain."""

    kind: Literal["Tenant"] = "Tenant"
    spec: TenantSpec
    status: TenantStatus = Field(default_factory=TenantStatus)

    @field_validator("metadata")
    @classmethod
    def _subdomain(cls, meta: ObjectMeta) -> ObjectMeta:
        validate_subdomain(meta.name)
        return meta


def validate_subdomain(name: str) -> None:
    """Same rules as the CRD's admission checks, for code paths that build Tenants."""
    import re

    if not c.SUBDOMAIN_MIN <= len(name) <= c.SUBDOMAIN_MAX:
        raise ValueError(
            f"metadata.name must be {c.SUBDOMAIN_MIN}-{c.SUBDOMAIN_MAX} characters long"
        )
    if not re.fullmatch(c.SUBDOMAIN_PATTERN, name):
        raise ValueError(
            "metadata.name must be lowercase letters, digits and '-', "
            "starting and ending with a letter or digit"
        )
    if name in c.RESERVED_SUBDOMAINS:
        raise ValueError(f"metadata.name {name!r} is a reserved subdomain")


# --------------------------------------------------------------------------- License
class LicenseSpec(_Model):
    """Desired state of a license. The key itself lives in a Secret, never in the CR."""

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                cel(
                    "self.customerRef == oldSelf.customerRef",
                    "spec.customerRef is immutable",
                    ".customerRef",
                ),
            ]
        }
    )

    customer_ref: str = Field(
        pattern=c.REF_PATTERN,
        max_length=c.REF_MAX,
        description="Name of the Customer that owns the license. Immutable.",
    )
    tier: Tier = Field(description="Entitlement tier: community, pro or enterprise.")
    instance_limit: int = Field(
        default=c.DEFAULT_INSTANCE_LIMIT,
        ge=1,
        le=1_000_000_000,
        description="How many distinct monitor instances may use the license.",
    )
    expires_at: dt.datetime | None = Field(
        default=None, description="RFC 3339 expiry time; absent means perpetual."
    )
    active: bool = Field(
        default=True, description="False deactivates the license without deleting it."
    )
    enforce_instance_limit: bool = Field(
        default=False,
        description="When true, validations from instances beyond instanceLimit are refused.",
    )


class LicenseStatus(_Status):
    """Observed state of a license, written by the operator and the sidecar."""

    phase: LicensePhase | None = Field(
        default=None, description="Convenience summary: Pending, Active, Inactive or Expired."
    )
    key_hash: str | None = Field(
        default=None,
        pattern=c.SHA256_HEX_PATTERN,
        description="SHA-256 (hex) of the license key, used for lookups.",
    )
    key_last4: str | None = Field(
        default=None, max_length=4, description="Last four characters of the key, for people."
    )
    key_secret_ref: SecretRef | None = Field(
        default=None, description="Secret that holds the full license key."
    )
    last_validated_at: dt.datetime | None = Field(
        default=None, description="When a monitor instance last validated the key."
    )
    active_instances: int | None = Field(
        default=None, ge=0, description="Distinct instances seen validating recently."
    )


class License(_Resource):
    """A license that entitles monitor instances to a tier."""

    kind: Literal["License"] = "License"
    spec: LicenseSpec
    status: LicenseStatus = Field(default_factory=LicenseStatus)


# --------------------------------------------------------------------------- Customer
class CustomerSpec(_Model):
    """A paying (or trial) customer: owns licenses and tenants."""

    model_config = ConfigDict(
        json_schema_extra={
            "x-kubernetes-validations": [
                immutable_once_set("stripeCustomerId", "spec.stripeCustomerId"),
            ]
        }
    )

    email: str = Field(
        pattern=c.EMAIL_PATTERN,
        max_length=c.EMAIL_MAX,
        description="Billing email; unique across customers, compared case-insensitively.",
    )
    name: str | None = Field(default=None, max_length=200, description="Display name.")
    stripe_customer_id: str | None = Field(
        default=None,
        pattern=c.STRIPE_CUSTOMER_PATTERN,
        max_length=255,
        description="Stripe customer id (cus_...). Immutable once set.",
    )


class CustomerStatus(_Status):
    """Observed state of a customer."""

    licenses: list[str] = Field(
        default_factory=list, description="Names of the customer's License objects."
    )
    tenants: list[str] = Field(
        default_factory=list, description="Names of the customer's Tenant objects."
    )


class Customer(_Resource):
    """A BetterDB Cloud customer."""

    kind: Literal["Customer"] = "Customer"
    spec: CustomerSpec
    status: CustomerStatus = Field(default_factory=CustomerStatus)
