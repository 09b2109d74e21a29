"""Throwaway PostgreSQL and Redis servers on spare ports, started and stopped by the tests.

The machine's own services are never touched. The servers' binaries come from the PATH or
PostgreSQL's usual Debian location; without them the fault tests fail in CI and skip elsewhere.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _missing(what):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is needed for the fault tests and was not found")
    pytest.skip(f"{what} not found")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def _pg_bindir():
    found = shutil.which("pg_ctl")
    if found and "/usr/lib/postgresql/" in os.path.realpath(found):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def _as_postgres(args):
    """initdb and pg_ctl refuse to run as root: run them as the postgres user if we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class PostgresCluster:
    def __init__(self, bindir: Path, datadir: Path, port: int):
        self.bindir, self.datadir, self.port = bindir, datadir, port

    def ctl(self, *args):
        subprocess.run(
            _as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-w", "-t", "30", *args]),
            check=True,
            capture_output=True,
        )

    def start(self):
        self.ctl(
            "-o",
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.datadir} -c fsync=off",
            "-l",
            str(self.datadir / "log"),
            "start",
        )

    def stop(self):
        self.ctl("-m", "fast", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture(scope="module")
def pg_cluster():
    bindir = _pg_bindir()
    if bindir is None:
        _missing("PostgreSQL's server binaries (initdb, pg_ctl)")
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    datadir = tmp / "data"
    datadir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(datadir, "postgres")
    subprocess.run(
        _as_postgres([str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    cluster = PostgresCluster(bindir, datadir, free_port())
    cluster.start()
    yield cluster
    with contextlib.suppress(Exception):
        cluster.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_server():
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("redis-server")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port)
    yield {"process": process, "url": f"redis://127.0.0.1:{port}/0"}
    process.kill()
    process.wait()


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def app_env(pg_cluster, tmp_path_factory):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": pg_cluster.url,
        "DEBUG": "0",
        "NEWSROOM_VAR_DIR": str(tmp_path_factory.mktemp("var")),
        "PAGE_CACHE_SECONDS": "0",
        "CONN_MAX_AGE": "60",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "loaddemo", "--users", "--password", "fault-test-password-42")
    return env


@contextlib.contextmanager
def app_server(env):
    """gunicorn with the given environment on a spare port (2 sync workers, as in production)."""
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "newsroom.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
