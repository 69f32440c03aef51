"""The local PostgreSQL is a real server reachable over TCP with password auth."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql

from entitlement.devenv.postgres import Postgres


def test_connect_and_create_schema_with_own_role(postgres: Postgres) -> None:
    with psycopg.connect(postgres.url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier("probe_role"), sql.Literal("s3cret-probe")
            )
        )
        conn.execute(
            sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(
                sql.Identifier("probe_schema"), sql.Identifier("probe_role")
            )
        )
    role_url = f"postgresql://probe_role:s3cret-probe@127.0.0.1:{postgres.port}/postgres"
    with psycopg.connect(role_url) as conn:
        conn.execute("CREATE TABLE probe_schema.t (x int)")
        owner = conn.execute(
            "SELECT schema_owner FROM information_schema.schemata WHERE schema_name = %s",
            ("probe_schema",),
        ).fetchone()
        assert owner == ("probe_role",)


def test_wrong_password_is_refused(postgres: Postgres) -> None:
    bad = f"postgresql://postgres:wrong@127.0.0.1:{postgres.port}/postgres"
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(bad, connect_timeout=5)
