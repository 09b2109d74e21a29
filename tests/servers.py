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


class DelayingProxy:
    """A TCP proxy on a spare port that holds every chunk ``delay`` seconds each way: a slow
    network to a database. ``delay`` may change while it runs; order is kept."""

    def __init__(self, target_port: int, delay: float = 0.0):
        import threading

        self.target_port, self.delay = target_port, delay
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import threading

        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                continue
            self._sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    def _pipe(self, source, target):
        import queue
        import threading

        chunks = queue.Queue()

        def send():
            while (item := chunks.get()) is not None:
                due, data = item
                time.sleep(max(0.0, due - time.monotonic()))
                with contextlib.suppress(OSError):
                    target.sendall(data)
            with contextlib.suppress(OSError):
                target.shutdown(socket.SHUT_WR)

        threading.Thread(target=send, daemon=True).start()
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                chunks.put(None)
                return
            chunks.put((time.monotonic() + self.delay, data))

    def close(self):
        self._closed.set()
        for sock in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                sock.close()
