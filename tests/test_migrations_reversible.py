"""Every migration of ours can be unapplied and applied again, on the database CI uses.

Runs ``migrate`` in a subprocess against a database of its own (a SQLite file, or a fresh
PostgreSQL database next to the one DATABASE_URL names), so the test database is untouched.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Unapplied in dependency order: articles depends on people.
OUR_APPS = ["articles", "people", "newsroom"]


@pytest.fixture
def scratch_database_url(tmp_path):
    url = os.environ.get("DATABASE_URL")
    if not url or not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    config = dj_database_url.parse(url)
    name = f"newsroom_migrations_{uuid.uuid4().hex[:8]}"
    admin = dict(  # noqa: C408 (psycopg's keyword arguments, read as such)
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname=config["NAME"],
        autocommit=True,
    )
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"migrate {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


def test_every_migration_unapplies_and_reapplies(scratch_database_url):
    migrate(scratch_database_url)
    for app in OUR_APPS:
        migrate(scratch_database_url, app, "zero")
    migrate(scratch_database_url)
