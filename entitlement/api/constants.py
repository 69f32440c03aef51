"""Names every part of the project shares: defined once here, imported everywhere else."""

from __future__ import annotations

from typing import Final

GROUP: Final = "cloud.betterdb.com"
VERSION: Final = "v1alpha1"
API_VERSION: Final = f"{GROUP}/{VERSION}"
CATEGORY: Final = "betterdb"

# Kubernetes object names the operator owns or creates.
SYSTEM_NAMESPACE: Final = "betterdb-system"
SERVICE_ACCOUNT: Final = "betterdb-entitlement"
FIELD_MANAGER_OPERATOR: Final = "betterdb-operator"
FIELD_MANAGER_SIDECAR: Final = "betterdb-sidecar"
FINALIZER: Final = f"{GROUP}/finalizer"
ANNOTATION_PREFIX: Final = GROUP

LABEL_MANAGED_BY: Final = "app.kubernetes.io/managed-by"
MANAGED_BY: Final = "betterdb-entitlement-operator"
LABEL_TENANT: Final = "betterdb.com/tenant"

# Tenant names are subdomains: <name>.<APP_DOMAIN>.
SUBDOMAIN_MIN: Final = 3
SUBDOMAIN_MAX: Final = 30
SUBDOMAIN_PATTERN: Final = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"
RESERVED_SUBDOMAINS: Final[tuple[str, ...]] = (
    "admin",
    "api",
    "app",
    "auth",
    "billing",
    "blog",
    "cdn",
    "dashboard",
    "demo",
    "docs",
    "ftp",
    "help",
    "internal",
    "mail",
    "static",
    "status",
    "support",
    "system",
    "www",
)

# Shared field formats (CRD schema and Python models use the same strings).
EMAIL_PATTERN: Final = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EMAIL_MAX: Final = 254
REF_PATTERN: Final = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
REF_MAX: Final = 253
IMAGE_TAG_PATTERN: Final = r"^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$"
DOMAIN_PATTERN: Final = r"^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"
QUANTITY_PATTERN: Final = r"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$"
STRIPE_CUSTOMER_PATTERN: Final = r"^cus_[A-Za-z0-9]+$"
SHA256_HEX_PATTERN: Final = r"^[0-9a-f]{64}$"

# Condition vocabulary (metav1.Condition + kstatus).
COND_READY: Final = "Ready"
COND_RECONCILING: Final = "Reconciling"
COND_STALLED: Final = "Stalled"

DEFAULT_INSTANCE_LIMIT: Final = 999999


def tenant_namespace(subdomain: str) -> str:
    """Namespace holding a tenant's workload (same rule as the original service)."""
    return f"tenant-{subdomain}"


def tenant_schema(subdomain: str) -> str:
    """PostgreSQL schema of a tenant; monitor instances send it as `tenantId`."""
    return "tenant_" + subdomain.replace("-", "_")


# Kinds and their plurals (the CRD names are <plural>.<GROUP>).
TENANT: Final = "Tenant"
LICENSE: Final = "License"
CUSTOMER: Final = "Customer"
PLURALS: Final[dict[str, str]] = {TENANT: "tenants", LICENSE: "licenses", CUSTOMER: "customers"}
INITIAL_PHASE: Final[dict[str, str | None]] = {
    TENANT: "Pending",
    LICENSE: "Pending",
    CUSTOMER: None,
}
