"""Helpers for tests that start real servers (PostgreSQL, Redis, gunicorn) on spare ports.

The machine's own services are never touched. Without a server's binary the test fails in CI
and skips elsewhere.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import time

import pytest


def missing(what):
    """Fail in CI (CI=true), where everything must run; skip elsewhere, saying what is missing."""
    if os.environ.get("CI"):
        pytest.fail(f"{what}: needed for this test and not found", pytrace=False)
    pytest.skip(f"{what}: not found")


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


@contextlib.contextmanager
def redis_process():
    """A Redis server on a spare port that keeps nothing on disk: {"process", "url"}."""
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield {"process": process, "url": f"redis://127.0.0.1:{port}/0"}
    finally:
        process.kill()
        process.wait()
