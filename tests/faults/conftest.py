"""A throwaway PostgreSQL server and the app servers started on it by the fault tests.

The machine's own services are never touched. The servers' binaries come from the PATH or
PostgreSQL's usual Debian location; without them the fault tests fail in CI and skip elsewhere.
"""

import contextlib
import glob
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port, missing, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "fault-test-password-42"


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
        missing("PostgreSQL's server binaries (initdb, pg_ctl)")
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
    manage(env, "loaddemo", "--users", "--password", PASSWORD)
    return env


@contextlib.contextmanager
def app_server(env):
    """gunicorn with the given environment on a spare port (2 sync workers, as in production)."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "newsroom.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def fetch(url, data=None, timeout=10, opener=None):
    """(status, headers, body, seconds) of one request, whatever the status."""
    started = time.monotonic()
    request = urllib.request.Request(url, data=data)
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=timeout) as response:
            status, headers, body = response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read().decode()
    return status, headers, body, time.monotonic() - started


def csrf_token(opener, url):
    with opener.open(url, timeout=10) as response:
        body = response.read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def logged_in_editor(base):
    """An opener holding the demo editor's session on the server at ``base``."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login = base + "/admin/login/?next=/admin/"
    credentials = {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(opener, login)}
    with opener.open(login, data=urllib.parse.urlencode(credentials).encode(), timeout=10) as response:
        assert response.url.endswith("/admin/")
    return opener


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    """What a browser would send for the form ``form_id`` of ``page`` as it stands."""
    import lxml.html

    form = lxml.html.fromstring(page).get_element_by_id(form_id)
    return [(name, value) for name, value in form.form_values() if value is not None]
