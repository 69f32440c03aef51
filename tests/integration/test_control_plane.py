"""The local control plane is real: pods run (kwok), Jobs complete, RBAC is on, lifecycle clean."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from entitlement.devenv.cluster import Cluster
from tests.conftest import Kubectl, wait_for


def test_deployment_reaches_ready_pods(kubectl: Kubectl) -> None:
    kubectl("create", "namespace", "kwok-check")
    kubectl("-n", "kwok-check", "create", "deployment", "web", "--image=nginx", "--replicas=2")
    wait_for(
        lambda: (
            json.loads(kubectl("-n", "kwok-check", "get", "deploy", "web", "-o", "json").stdout)[
                "status"
            ].get("readyReplicas")
            == 2
        ),
        timeout=60,
    )
    pods = json.loads(kubectl("-n", "kwok-check", "get", "pods", "-o", "json").stdout)["items"]
    assert pods and all(p["status"]["phase"] == "Running" for p in pods)


def test_job_completes(kubectl: Kubectl) -> None:
    kubectl("create", "namespace", "job-check")
    kubectl("-n", "job-check", "create", "job", "once", "--image=busybox", "--", "true")
    proc = kubectl(
        "-n", "job-check", "wait", "--for=condition=Complete", "job/once", "--timeout=60s"
    )
    assert "condition met" in proc.stdout


def test_rbac_is_enforced(kubectl: Kubectl) -> None:
    proc = kubectl(
        "auth", "can-i", "list", "secrets", "--as=system:serviceaccount:default:nobody", check=False
    )
    assert proc.stdout.strip() == "no"


def test_version_is_stamped(kubectl: Kubectl) -> None:
    info = json.loads(kubectl("version", "-o", "json").stdout)
    assert info["serverVersion"]["gitVersion"].startswith("v1.")


def test_namespace_deletion_and_gc(kubectl: Kubectl) -> None:
    kubectl("create", "namespace", "gc-check")
    kubectl("-n", "gc-check", "create", "configmap", "x")
    kubectl("delete", "namespace", "gc-check", "--timeout=60s")
    assert kubectl("get", "namespace", "gc-check", check=False).returncode != 0


def test_stop_kills_exactly_its_processes(tmp_path: Path, cluster: Cluster) -> None:
    other = Cluster(tmp_path / "second", bin_dir=cluster.bin_dir)
    other.start()
    pids = dict(other.pids)
    assert set(pids) == {
        "etcd",
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "kwok",
    }
    loaded = Cluster.load(other.state_dir)  # what `make cluster-down` does
    loaded.stop()
    for pid in pids.values():
        assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid)
    assert not other.state_dir.exists()
    # the session cluster is untouched
    for pid in cluster.pids.values():
        os.kill(pid, 0)
    assert cluster.get("/readyz") == "ok"


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def test_failing_component_reports_its_log(tmp_path: Path, cluster: Cluster) -> None:
    from entitlement.devenv.cluster import ClusterError

    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    assert cluster.bin_dir is not None
    for name in os.listdir(cluster.bin_dir):
        (fake_bin / name).symlink_to(cluster.bin_dir / name)
    (fake_bin / "kube-apiserver").unlink()
    (fake_bin / "kube-apiserver").write_text("#!/bin/sh\necho 'boom: cannot start' >&2\nexit 3\n")
    (fake_bin / "kube-apiserver").chmod(0o755)
    broken = Cluster(tmp_path / "broken", bin_dir=fake_bin)
    with pytest.raises(ClusterError, match="boom: cannot start"):
        broken.start()
    assert not broken.state_dir.exists()
    # etcd, started before the failure from a symlinked bin dir, was stopped too
    assert not _processes_under(tmp_path)


def _processes_under(root: Path) -> list[int]:
    """PIDs whose working directory is below root (components run with cwd=state_dir)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if cwd.startswith(str(root)) and not _is_zombie(int(entry.name)):
            found.append(int(entry.name))
    return found


def test_kubebuilder_assets_are_honoured(
    tmp_path: Path, cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A setup-envtest style dir (here: symlinks) is used as is, and stopped cleanly."""
    from entitlement.devenv.cluster import binaries_dir

    assets = tmp_path / "assets"
    assets.mkdir()
    assert cluster.bin_dir is not None
    for name in os.listdir(cluster.bin_dir):
        (assets / name).symlink_to(cluster.bin_dir / name)
    monkeypatch.setenv("KUBEBUILDER_ASSETS", str(assets))
    assert binaries_dir() == assets
    other = Cluster(tmp_path / "state", bin_dir=binaries_dir())
    other.start()
    try:
        assert other.get("/readyz") == "ok"
    finally:
        other.stop()
    assert not _processes_under(tmp_path)
