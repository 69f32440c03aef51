"""Install our API and RBAC into a cluster and act as the operator's ServiceAccount.

Shared by `make dev` and the test suite, so the permissions the suite proves are the ones the
manifests grant.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from entitlement.api import constants as c
from entitlement.devenv.cluster import REPO_ROOT, Cluster, kubeconfig_text, log

CRD_DIR = REPO_ROOT / "crds"
RBAC_DIR = REPO_ROOT / "manifests" / "rbac"


def kubectl(
    cluster: Cluster,
    *args: str,
    input_text: str | None = None,
    check: bool = True,
    kubeconfig: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the cluster's kubectl, as admin unless another kubeconfig is given."""
    return subprocess.run(
        [str(cluster.kubectl), f"--kubeconfig={kubeconfig or cluster.kubeconfig}", *args],
        input=input_text,
        text=True,
        capture_output=True,
        check=check,
        timeout=120,
    )


def install_api(cluster: Cluster) -> None:
    """Apply the CRDs (server-side) and wait until they serve."""
    kubectl(cluster, "apply", "--server-side", "--field-manager=betterdb-dev", "-k", str(CRD_DIR))
    names = [f"crd/{p}.{c.GROUP}" for p in c.PLURALS.values()]
    kubectl(cluster, "wait", "--for=condition=Established", "--timeout=60s", *names)
    log("CRDs installed")


def install_rbac(cluster: Cluster) -> None:
    """Namespace, ServiceAccount, ClusterRole and binding from manifests/rbac."""
    kubectl(cluster, "apply", "--server-side", "--field-manager=betterdb-dev", "-k", str(RBAC_DIR))
    log("RBAC installed")


def service_account_kubeconfig(cluster: Cluster, path: Path, duration: str = "720h") -> Path:
    """A kubeconfig that authenticates as the operator's ServiceAccount (bound token)."""
    token = kubectl(
        cluster,
        "create",
        "token",
        c.SERVICE_ACCOUNT,
        "-n",
        c.SYSTEM_NAMESPACE,
        f"--duration={duration}",
    ).stdout.strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        kubeconfig_text(
            cluster.server,
            cluster.pki_dir / "ca.crt",
            user=f"system:serviceaccount:{c.SYSTEM_NAMESPACE}:{c.SERVICE_ACCOUNT}",
            token=token,
        )
    )
    path.chmod(0o600)
    return path
