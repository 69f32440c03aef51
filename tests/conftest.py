"""Session fixtures: a real control plane and a real PostgreSQL, started and stopped by the suite.

Integration tests never skip: if a service cannot start, the fixture raises and the tests error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entitlement.devenv import stack
from entitlement.devenv.cluster import REPO_ROOT, Cluster
from entitlement.devenv.postgres import Postgres


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A fresh control plane with our CRDs and RBAC installed."""
    c = Cluster(tmp_path_factory.mktemp("cluster") / "state")
    c.start()
    try:
        stack.install_api(c)
        stack.install_rbac(c)
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Postgres]:
    pg = Postgres(tmp_path_factory.mktemp("pg") / "data")
    pg.start()
    try:
        yield pg
    finally:
        pg.stop()


class Kubectl:
    """kubectl as the admin or as the operator's ServiceAccount."""

    def __init__(self, cluster: Cluster, kubeconfig: Path) -> None:
        self.cluster = cluster
        self.kubeconfig = kubeconfig

    def __call__(
        self, *args: str, input_text: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        proc = stack.kubectl(
            self.cluster, *args, input_text=input_text, check=False, kubeconfig=self.kubeconfig
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} failed: {proc.stderr}")
        return proc

    def apply(self, obj: dict[str, Any], check: bool = True) -> subprocess.CompletedProcess[str]:
        """`kubectl apply -f -` of one object."""
        return self("apply", "-f", "-", input_text=json.dumps(obj), check=check)


@pytest.fixture(scope="session")
def kubectl(cluster: Cluster) -> Kubectl:
    return Kubectl(cluster, cluster.kubeconfig)


@pytest.fixture(scope="session")
def sa_kubeconfig(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Credentials of the operator's ServiceAccount: only what manifests/rbac grants."""
    return stack.service_account_kubeconfig(cluster, tmp_path_factory.mktemp("sa") / "kubeconfig")


@pytest.fixture(scope="session")
def sa_kubectl(cluster: Cluster, sa_kubeconfig: Path) -> Kubectl:
    return Kubectl(cluster, sa_kubeconfig)


@pytest.fixture(scope="session")
def operator(
    sa_kubeconfig: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m entitlement.operator` as a real process, authenticated as the ServiceAccount."""
    log = tmp_path_factory.mktemp("operator") / "operator.log"
    env = {
        **os.environ,
        "KUBECONFIG": str(sa_kubeconfig),
        "LIVENESS_PORT": "0",
        "LOG_FORMAT": "json",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "entitlement.operator"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    proc.log_path = log  # type: ignore[attr-defined]
    time.sleep(0.5)
    if proc.poll() is not None:
        raise RuntimeError(f"operator exited at start:\n{log.read_text()}")
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        errors = [ln for ln in log.read_text().splitlines() if '"level": "error"' in ln]
        if errors:
            print("operator errors:\n" + "\n".join(errors[:20]))


def wait_for(predicate: Any, timeout: float = 30.0, interval: float = 0.3) -> Any:
    """Poll until predicate() is truthy; return its value or fail with the last one."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


SAMPLES = str(REPO_ROOT / "manifests" / "samples")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is not a passing test: the run fails if anything was skipped."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(f"FAILED: {len(skipped)} test(s) skipped; skips are not allowed")
