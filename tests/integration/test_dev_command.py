"""`make dev`'s engine end to end: up, usable, Ctrl-C stops everything it started."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import SAMPLES, wait_for


def _source(env_file: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in env_file.read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        out[key] = shlex.split(value)[0] if value else ""
    return out


def test_dev_runs_everything_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = "3902"
    env = {**os.environ, "BETTERDB_DEV_ROOT": str(tmp_path), "SIDECAR_PORT": port}
    log = (tmp_path / "dev.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "entitlement.devenv", "dev"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        env_file = tmp_path / "dev" / "env"
        wait_for(
            lambda: b"Ctrl-C stops everything" in (tmp_path / "dev.log").read_bytes(), timeout=120
        )
        exported = _source(env_file)
        assert set(exported) >= {
            "KUBECONFIG",
            "DATABASE_URL",
            "SIDECAR_URL",
            "ADMIN_API_TOKEN",
            "STRIPE_WEBHOOK_SECRET",
        }
        assert oct(env_file.stat().st_mode & 0o777) == "0o600"
        with urllib.request.urlopen(exported["SIDECAR_URL"] + "/healthz", timeout=5) as r:
            assert r.status == 200
        text = (tmp_path / "dev.log").read_text()
        assert "kubectl apply -f manifests/samples/" in text
        # the CRDs are installed and the operator acts on a sample
        kubectl = [
            f"{exported['PATH'].split(':')[0]}/kubectl",
            f"--kubeconfig={exported['KUBECONFIG']}",
        ]
        subprocess.run(
            [*kubectl, "apply", "-f", f"{SAMPLES}/customer.yaml"],
            check=True,
            capture_output=True,
        )
        wait_for(
            lambda: (
                subprocess.run(
                    [
                        *kubectl,
                        "get",
                        "customer",
                        "acme",
                        "-o",
                        "jsonpath={.status.observedGeneration}",
                    ],
                    capture_output=True,
                    text=True,
                ).stdout
                == "1"
            ),
            timeout=30,
        )
        state = (tmp_path / "cluster" / "state.json").read_text()
        import json

        pids = json.loads(state)["pids"]
    finally:
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(60)
        log.close()
    assert rc == 0, (tmp_path / "dev.log").read_text()[-3000:]
    for pid in pids.values():
        assert not Path(f"/proc/{pid}").exists()
    assert not (tmp_path / "cluster").exists()
    assert not (tmp_path / "dev" / "postgres").exists()
