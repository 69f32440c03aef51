"""Start-up time of the local control plane with cached binaries.

Target: at most ~20 s. Baseline measured in the same run: etcd alone (the smallest component), so
the ratio says how much the rest of the control plane costs on this machine.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from entitlement.devenv.cluster import Cluster, binaries_dir

RUNS = 3
TARGET_S = 20.0


def _etcd_only(bin_dir: Path, tmp: Path) -> float:
    c = Cluster(tmp / "etcd-only", bin_dir=bin_dir)
    c.state_dir.mkdir(parents=True)
    c.log_dir.mkdir()
    from entitlement.devenv.cluster import free_port

    c.ports = {"etcd": free_port(), "etcd_peer": free_port()}
    t0 = time.monotonic()
    try:
        c._start_etcd(30)
        return time.monotonic() - t0
    finally:
        c.stop()


def main() -> None:
    bin_dir = binaries_dir()
    full, base = [], []
    with tempfile.TemporaryDirectory() as d:
        for i in range(RUNS):
            base.append(_etcd_only(bin_dir, Path(d) / f"b{i}"))
            c = Cluster(Path(d) / f"c{i}", bin_dir=bin_dir)
            t0 = time.monotonic()
            c.start()
            full.append(time.monotonic() - t0)
            c.stop()
    med, bmed = statistics.median(full), statistics.median(base)
    print(f"control plane start (median of {RUNS}): {med:.2f}s  runs={[round(x, 2) for x in full]}")
    print(f"baseline etcd alone (median of {RUNS}): {bmed:.2f}s")
    print(
        f"ratio full/etcd: {med / bmed:.1f}x   "
        f"ratio full/target({TARGET_S:.0f}s): {med / TARGET_S:.2f}"
    )


if __name__ == "__main__":
    main()
