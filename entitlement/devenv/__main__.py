"""Developer commands: `python -m entitlement.devenv {cluster-up,cluster-down,dev}`."""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from entitlement.devenv import stack
from entitlement.devenv.cluster import REPO_ROOT, Cluster, ClusterError, log
from entitlement.devenv.postgres import Postgres

# BETTERDB_DEV_ROOT moves all state (the suite uses it to run `dev` beside a developer's own).
_ROOT = Path(os.environ.get("BETTERDB_DEV_ROOT", REPO_ROOT / ".cache"))
CLUSTER_DIR = _ROOT / "cluster"
DEV_DIR = _ROOT / "dev"


def cluster_up(state_dir: Path) -> int:
    cluster = Cluster(state_dir)
    try:
        cluster.start()
    except ClusterError as exc:
        print(f"cluster-up failed: {exc}", file=sys.stderr)
        return 1
    print(f"export KUBECONFIG={cluster.kubeconfig}")
    print(f"export PATH={cluster.bin_dir}:$PATH")
    return 0


def cluster_down(state_dir: Path) -> int:
    if not (state_dir / "state.json").exists():
        log(f"no cluster in {state_dir}")
        return 0
    Cluster.load(state_dir).stop()
    log("cluster stopped")
    return 0


def _running(state_dir: Path) -> Cluster | None:
    """A cluster that `make cluster-up` started earlier and that still answers."""
    if not (state_dir / "state.json").exists():
        return None
    cluster = Cluster.load(state_dir)
    try:
        if cluster.get("/readyz") == "ok":
            return cluster
    except OSError:
        pass
    log(f"stale cluster state in {state_dir}; cleaning up")
    cluster.stop()
    return None


def _wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310
            if r.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def dev() -> int:
    """Everything a developer needs, in the foreground; Ctrl-C stops what it started."""
    DEV_DIR.mkdir(parents=True, exist_ok=True)
    started: list[Cluster | Postgres] = []
    procs: list[subprocess.Popen[bytes]] = []
    cluster = _running(CLUSTER_DIR)
    postgres = Postgres(DEV_DIR / "postgres")
    stop = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    try:
        if cluster is None:
            cluster = Cluster(CLUSTER_DIR)
            cluster.start()
            started.append(cluster)
        else:
            log(f"reusing the running cluster in {CLUSTER_DIR}")
        postgres.start()
        started.append(postgres)
        stack.install_api(cluster)
        stack.install_rbac(cluster)
        sa_config = stack.service_account_kubeconfig(cluster, DEV_DIR / "operator.kubeconfig")
        port = int(os.environ.get("SIDECAR_PORT", "3002"))
        admin_token = secrets.token_urlsafe(32)
        stripe_secret = "whsec_" + secrets.token_hex(24)
        env_file = DEV_DIR / "env"
        env_file.write_text(
            f"export KUBECONFIG={cluster.kubeconfig}\n"
            f"export PATH={cluster.bin_dir}:$PATH\n"
            f"export DATABASE_URL='{postgres.url}'\n"
            f"export SIDECAR_URL=http://127.0.0.1:{port}\n"
            f"export ADMIN_API_TOKEN='{admin_token}'\n"
            f"export STRIPE_WEBHOOK_SECRET='{stripe_secret}'\n"
        )
        env_file.chmod(0o600)
        child_env = dict(os.environ)
        child_env.update(
            {
                "DATABASE_URL": postgres.url,
                "ADMIN_API_TOKEN": admin_token,
                "STRIPE_WEBHOOK_SECRET": stripe_secret,
                "SIDECAR_PORT": str(port),
                "LOG_FORMAT": os.environ.get("LOG_FORMAT", "text"),
                "LIVENESS_PORT": "0",
            }
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "entitlement.operator"],
                env={**child_env, "KUBECONFIG": str(sa_config)},
            )
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "entitlement.webhooks"],
                env={**child_env, "KUBECONFIG": str(sa_config)},
            )
        )
        _wait_http(f"http://127.0.0.1:{port}/readyz")
        print(
            "\nBetterDB entitlement dev environment is up.\n"
            f"  source {env_file}\n"
            "  kubectl apply -f manifests/samples/customer.yaml -f manifests/samples/license.yaml "
            "-f manifests/samples/tenant.yaml\n"
            "  kubectl get tenants,licenses,customers\n"
            f"  curl $SIDECAR_URL/healthz\n"
            "Ctrl-C stops everything this command started.\n",
            flush=True,
        )
        while not stop:
            for proc in procs:
                if proc.poll() is not None:
                    log(f"{proc.args!r} exited with {proc.returncode}; stopping")
                    stop = True
            time.sleep(0.5)
        return 0
    except KeyboardInterrupt:
        return 0
    except (ClusterError, subprocess.CalledProcessError, RuntimeError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        print(f"make dev failed: {exc}\n{detail}", file=sys.stderr)
        return 1
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)
        for thing in reversed(started):
            thing.stop()
        log("dev environment stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m entitlement.devenv")
    sub = parser.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("cluster-up", help="start the local control plane")
    up.add_argument("--state-dir", type=Path, default=CLUSTER_DIR)
    down = sub.add_parser("cluster-down", help="stop the local control plane")
    down.add_argument("--state-dir", type=Path, default=CLUSTER_DIR)
    sub.add_parser("dev", help="control plane + PostgreSQL + operator + sidecar, foreground")
    args = parser.parse_args(argv)
    if args.cmd == "cluster-up":
        return cluster_up(args.state_dir)
    if args.cmd == "cluster-down":
        return cluster_down(args.state_dir)
    return dev()


if __name__ == "__main__":
    raise SystemExit(main())
