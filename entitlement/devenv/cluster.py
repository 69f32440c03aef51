"""A real local Kubernetes control plane, run as plain processes on 127.0.0.1.

etcd, kube-apiserver (TLS, RBAC on), kube-controller-manager, kube-scheduler and kwok (a simulated
kubelet) plus one fake Node. `make cluster-up`, `make dev` and the pytest fixture all use this
module, so what developers run is what the suite proves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from entitlement.devenv import pki

REPO_ROOT = Path(__file__).resolve().parents[2]
BINARIES_SCRIPT = REPO_ROOT / "hack" / "k8s-binaries.sh"
FAKE_NODE = "kwok-node-0"
_KWOK_STAGES = (
    "node/fast/node-initialize.yaml",
    "node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
    "pod/fast/pod-ready.yaml",
    "pod/fast/pod-complete.yaml",
    "pod/fast/pod-delete.yaml",
)


class ClusterError(RuntimeError):
    """A component did not come up; the message carries its log tail."""


def log(msg: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _script(*args: str) -> Path:
    proc = subprocess.run(
        ["bash", str(BINARIES_SCRIPT), *args], stdout=subprocess.PIPE, text=True, check=False
    )
    if proc.returncode != 0:
        raise ClusterError(f"{BINARIES_SCRIPT} {' '.join(args)} failed ({proc.returncode})")
    return Path(proc.stdout.strip().splitlines()[-1])


def binaries_dir() -> Path:
    """Run the obtain-or-build script and return the directory with every binary."""
    return _script()


def kwok_stages_dir() -> Path:
    """kwok's stage definitions (node/pod lifecycles), from its pinned Go module."""
    return _script("stages")


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


@dataclass
class Cluster:
    """Handle on a running (or to-be-started) local control plane."""

    state_dir: Path
    bin_dir: Path | None = None
    ports: dict[str, int] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.state_dir = self.state_dir.resolve()

    # ------------------------------------------------------------------ paths
    @property
    def kubeconfig(self) -> Path:
        return self.state_dir / "kubeconfig"

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def pki_dir(self) -> Path:
        return self.state_dir / "pki"

    @property
    def state_file(self) -> Path:
        return self.state_dir / "state.json"

    @property
    def server(self) -> str:
        return f"https://127.0.0.1:{self.ports['apiserver']}"

    @property
    def kubectl(self) -> Path:
        assert self.bin_dir is not None
        return self.bin_dir / "kubectl"

    def env(self) -> dict[str, str]:
        """Environment for child processes that should talk to this cluster."""
        env = dict(os.environ)
        env["KUBECONFIG"] = str(self.kubeconfig)
        assert self.bin_dir is not None
        env["PATH"] = f"{self.bin_dir}{os.pathsep}{env.get('PATH', '')}"
        return env

    # ------------------------------------------------------------------ start
    def start(self, timeout: float = 60.0) -> None:
        """Start every component and wait until the cluster can run pods."""
        if self.state_file.exists():
            raise ClusterError(
                f"{self.state_dir} already holds a cluster; run `make cluster-down` first"
            )
        self.bin_dir = self.bin_dir or binaries_dir()
        t0 = time.monotonic()
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.pki_dir.mkdir(parents=True, exist_ok=True)
        self.ports = {
            name: free_port()
            for name in ("etcd", "etcd_peer", "apiserver", "kcm", "scheduler", "kwok")
        }
        try:
            self._write_pki_and_kubeconfig()
            self._start_etcd(timeout)
            self._start_apiserver(timeout)
            self._start_controller_manager(timeout)
            self._start_scheduler(timeout)
            self._start_kwok(timeout)
        except BaseException:
            self.stop()
            raise
        log(f"control plane up in {time.monotonic() - t0:.1f}s; KUBECONFIG={self.kubeconfig}")

    def _save(self) -> None:
        self.state_file.write_text(
            json.dumps(
                {"bin_dir": str(self.bin_dir), "ports": self.ports, "pids": self.pids}, indent=2
            )
        )

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        logf = (self.log_dir / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            args,
            stdout=logf,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=self.state_dir,
        )
        logf.close()
        self.pids[name] = proc.pid
        self._save()
        return proc

    def _wait(
        self, name: str, proc: subprocess.Popen[bytes], check: Callable[[], bool], timeout: float
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ClusterError(
                    f"{name} exited with {proc.returncode}; log tail:\n"
                    + _tail(self.log_dir / f"{name}.log")
                )
            try:
                if check():
                    log(f"{name} ready")
                    return
            except (OSError, urllib.error.URLError, ssl.SSLError, ValueError):
                pass
            time.sleep(0.2)
        raise ClusterError(
            f"{name} not ready after {timeout:.0f}s; log tail:\n"
            + _tail(self.log_dir / f"{name}.log")
        )

    def _write_pki_and_kubeconfig(self) -> None:
        now = dt.datetime.now(dt.UTC)
        d = self.pki_dir
        ca, ca_cert, ca_key = pki.make_ca(d, now)
        pki.make_leaf(
            d,
            "apiserver",
            ca_cert,
            ca_key,
            now,
            cn="kube-apiserver",
            server=True,
            hosts=(
                "127.0.0.1",
                "localhost",
                "kubernetes",
                "kubernetes.default",
                "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local",
                "10.96.0.1",
            ),
        )
        pki.make_leaf(d, "admin", ca_cert, ca_key, now, cn="admin", org="system:masters")
        pki.make_service_account_keys(d)
        self.kubeconfig.write_text(
            kubeconfig_text(
                self.server,
                ca.cert,
                user="admin",
                cert=d / "admin.crt",
                key=d / "admin.key",
            )
        )
        self.kubeconfig.chmod(0o600)

    # ----------------------------------------------------------- components
    def _start_etcd(self, timeout: float) -> None:
        assert self.bin_dir is not None
        shm = Path("/dev/shm")  # noqa: S108 (tmpfs for etcd data; a private mkdtemp inside)
        base = shm if shm.is_dir() and os.access(shm, os.W_OK) else self.state_dir
        data = Path(tempfile.mkdtemp(prefix="betterdb-etcd-", dir=base))
        (self.state_dir / "etcd-data").write_text(str(data))
        port, peer = self.ports["etcd"], self.ports["etcd_peer"]
        proc = self._spawn(
            "etcd",
            [
                str(self.bin_dir / "etcd"),
                f"--data-dir={data}",
                f"--listen-client-urls=http://127.0.0.1:{port}",
                f"--advertise-client-urls=http://127.0.0.1:{port}",
                f"--listen-peer-urls=http://127.0.0.1:{peer}",
                f"--initial-advertise-peer-urls=http://127.0.0.1:{peer}",
                f"--initial-cluster=default=http://127.0.0.1:{peer}",
                "--unsafe-no-fsync=true",
                "--log-level=warn",
            ],
        )

        def healthy() -> bool:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                return bool(json.load(r).get("health") == "true")

        self._wait("etcd", proc, healthy, timeout)

    def _start_apiserver(self, timeout: float) -> None:
        assert self.bin_dir is not None
        d = self.pki_dir
        proc = self._spawn(
            "kube-apiserver",
            [
                str(self.bin_dir / "kube-apiserver"),
                f"--etcd-servers=http://127.0.0.1:{self.ports['etcd']}",
                "--bind-address=127.0.0.1",
                f"--secure-port={self.ports['apiserver']}",
                "--advertise-address=127.0.0.1",
                "--endpoint-reconciler-type=none",
                f"--tls-cert-file={d / 'apiserver.crt'}",
                f"--tls-private-key-file={d / 'apiserver.key'}",
                f"--client-ca-file={d / 'ca.crt'}",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                f"--service-account-key-file={d / 'sa.pub'}",
                f"--service-account-signing-key-file={d / 'sa.key'}",
                "--service-cluster-ip-range=10.96.0.0/16",
                "--authorization-mode=RBAC",
                "--allow-privileged=true",
                f"--cert-dir={d}",
                "--enable-priority-and-fairness=false",
                "--v=0",
            ],
        )
        self._wait("kube-apiserver", proc, lambda: self.get("/readyz") == "ok", timeout)

    def _start_controller_manager(self, timeout: float) -> None:
        assert self.bin_dir is not None
        d = self.pki_dir
        proc = self._spawn(
            "kube-controller-manager",
            [
                str(self.bin_dir / "kube-controller-manager"),
                f"--kubeconfig={self.kubeconfig}",
                f"--authentication-kubeconfig={self.kubeconfig}",
                f"--authorization-kubeconfig={self.kubeconfig}",
                f"--service-account-private-key-file={d / 'sa.key'}",
                f"--root-ca-file={d / 'ca.crt'}",
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                f"--secure-port={self.ports['kcm']}",
                "--controllers=*,-nodeipam",
                "--concurrent-gc-syncs=5",
                "--v=0",
            ],
        )

        def default_sa() -> bool:
            body = self.get("/api/v1/namespaces/default/serviceaccounts/default")
            return bool(json.loads(body).get("kind") == "ServiceAccount")

        self._wait("kube-controller-manager", proc, default_sa, timeout)

    def _start_scheduler(self, timeout: float) -> None:
        assert self.bin_dir is not None
        port = self.ports["scheduler"]
        proc = self._spawn(
            "kube-scheduler",
            [
                str(self.bin_dir / "kube-scheduler"),
                f"--kubeconfig={self.kubeconfig}",
                f"--authentication-kubeconfig={self.kubeconfig}",
                f"--authorization-kubeconfig={self.kubeconfig}",
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                f"--secure-port={port}",
                "--v=0",
            ],
        )
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # self-signed serving cert of a loopback health port

        def healthy() -> bool:
            url = f"https://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=2, context=ctx) as r:
                return bool(r.read().decode() == "ok")

        self._wait("kube-scheduler", proc, healthy, timeout)

    def _start_kwok(self, timeout: float) -> None:
        assert self.bin_dir is not None
        stages = kwok_stages_dir()
        configs = [f"--config={stages / s}" for s in _KWOK_STAGES]
        proc = self._spawn(
            "kwok",
            [
                str(self.bin_dir / "kwok"),
                f"--kubeconfig={self.kubeconfig}",
                "--manage-all-nodes=false",
                "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
                f"--server-address=127.0.0.1:{self.ports['kwok']}",
                "--cidr=10.244.0.0/16",
                "--node-ip=127.0.0.1",
                *configs,
            ],
        )
        self.request("POST", "/api/v1/nodes", fake_node())

        def node_ready() -> bool:
            node = json.loads(self.get(f"/api/v1/nodes/{FAKE_NODE}"))
            conds = node.get("status", {}).get("conditions", [])
            return any(c["type"] == "Ready" and c["status"] == "True" for c in conds)

        self._wait("kwok", proc, node_ready, timeout)

    # ------------------------------------------------------------------ API
    def _ssl(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=str(self.pki_dir / "ca.crt"))
        ctx.load_cert_chain(self.pki_dir / "admin.crt", self.pki_dir / "admin.key")
        return ctx

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> str:
        """A raw admin request (used before any client library is configured)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(  # noqa: S310
            self.server + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"} if data else {},
        )
        with urllib.request.urlopen(req, timeout=5, context=self._ssl()) as r:  # noqa: S310
            return str(r.read().decode())

    def get(self, path: str) -> str:
        return self.request("GET", path)

    # ------------------------------------------------------------------ stop
    def stop(self) -> None:
        """Stop exactly the processes this cluster started, then remove its state."""
        for name in reversed(list(self.pids)):
            _terminate(self.pids[name], self.bin_dir, name)
        marker = self.state_dir / "etcd-data"
        if marker.exists():
            shutil.rmtree(marker.read_text().strip(), ignore_errors=True)
        if self.state_dir.exists():
            shutil.rmtree(self.state_dir, ignore_errors=True)
        self.pids = {}

    @classmethod
    def load(cls, state_dir: Path) -> Cluster:
        """Re-attach to a cluster started by another process (for `cluster-down`)."""
        state = json.loads((state_dir / "state.json").read_text())
        return cls(
            state_dir=state_dir,
            bin_dir=Path(state["bin_dir"]),
            ports={k: int(v) for k, v in state["ports"].items()},
            pids={k: int(v) for k, v in state["pids"].items()},
        )


def _terminate(pid: int, bin_dir: Path | None, name: str) -> None:
    """SIGTERM, then SIGKILL, a process we started, checking it is still ours first."""
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return  # gone already
    # Components are keyed by their binary's name; bin dirs may hold symlinks
    # ($KUBEBUILDER_ASSETS often does), so compare resolved paths.
    if bin_dir is not None and exe != os.path.realpath(bin_dir / name):
        log(f"pid {pid} is no longer {name} ({exe}); leaving it alone")
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        _reap(pid)
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _reap(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def fake_node() -> dict[str, Any]:
    """The one Node kwok manages; schedulable, no taints, generous capacity."""
    capacity = {"cpu": "32", "memory": "256Gi", "pods": "110", "ephemeral-storage": "100Gi"}
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": FAKE_NODE,
            "annotations": {"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
            "labels": {
                "type": "kwok",
                "kubernetes.io/hostname": FAKE_NODE,
                "kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
            },
        },
        "spec": {},
        "status": {"allocatable": capacity, "capacity": capacity},
    }


def kubeconfig_text(
    server: str,
    ca: Path,
    *,
    user: str,
    cert: Path | None = None,
    key: Path | None = None,
    token: str | None = None,
) -> str:
    """A one-context kubeconfig (JSON is valid YAML) for a client cert or a bearer token."""
    creds: dict[str, str] = {}
    if cert is not None and key is not None:
        creds = {"client-certificate": str(cert), "client-key": str(key)}
    if token is not None:
        creds = {"token": token}
    doc = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": "local", "cluster": {"server": server, "certificate-authority": str(ca)}}
        ],
        "users": [{"name": user, "user": creds}],
        "contexts": [{"name": user, "context": {"cluster": "local", "user": user}}],
        "current-context": user,
    }
    return json.dumps(doc, indent=2)
