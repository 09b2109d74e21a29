#!/usr/bin/env python
"""Two app servers sharing PostgreSQL and Redis: an edit through one shows on the other within a second.

Starts two gunicorn servers on two ports with the same DATABASE_URL and REDIS_URL and the
page cache on, warms the seed article's cached page on server B, and keeps a reader loading it
there, so that B's processes hold a fresh reading of the content generation when the edit
lands (the worst case: each trusts it for PAGE_CACHE_RECHECK_SECONDS). It then edits the
article's headline through the admin of server A (a real login and a real form post), polls
server B until the new headline appears, and prints how long that took. Exit status 1 if it
took a second or more, or never came.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_multi \\
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python scripts/multiserver_check.py
"""

import http.cookiejar
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "multiserver-check-" + secrets.token_hex(6)
ARTICLE_SLUG = "openai-vp-securite-lilian-weng-depart"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"no server on port {port}")


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the servers must share both.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "0",
        "PAGE_CACHE_SECONDS": "300",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "loaddemo", "--users", "--password", PASSWORD, "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                str(Path(python).with_name("gunicorn")),
                "newsroom.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_for(port)
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        article_path = f"/articles/{ARTICLE_SLUG}/"
        read(b + article_path)
        read(b + article_path)  # now served from the shared cache
        stop_reading = threading.Event()

        def reader():
            while not stop_reading.is_set():
                read(b + article_path)
                time.sleep(0.01)

        background = threading.Thread(target=reader, daemon=True)
        background.start()
        new_headline = f"Titre modifié sur le serveur A ({secrets.token_hex(3)})"
        try:
            edit_headline(a, new_headline)
        finally:
            edited_at = time.monotonic()
            stop_reading.set()
            background.join()
        while True:
            if new_headline in read(b + article_path):
                elapsed = time.monotonic() - edited_at
                break
            if time.monotonic() - edited_at > 10:
                print("Server B never showed the edit made on server A.")
                return 1
            time.sleep(0.02)
        print(f"Server A: {a}  Server B: {b}  (shared PostgreSQL and Redis, page cache on)")
        print(f"Edit saved through A's admin; B served the new headline after {elapsed * 1000:.0f} ms.")
        return 0 if elapsed < 1 else 1
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def edit_headline(base, headline):
    """Log in as the demo editor and save the article's change form with a new headline."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    login_url = base + "/admin/login/?next=/admin/"
    form = lxml.html.fromstring(opener.open(login_url).read()).forms[0]
    values = dict(form.form_values())
    values.update(username="editor", password=PASSWORD)
    opener.open(login_url, data=urllib.parse.urlencode(values).encode())

    search = opener.open(base + "/admin/articles/article/?q=" + urllib.parse.quote("OpenAI en pleine")).read()
    change_path = next(link for link in lxml.html.fromstring(search).xpath("//a/@href") if "/change/" in link)
    change_url = urllib.parse.urljoin(base, change_path)
    page = lxml.html.fromstring(opener.open(change_url).read())
    form = next(f for f in page.forms if f.get("id") == "article_form")
    values = [(name, value) for name, value in form.form_values() if name != "headline"]
    values += [("headline", headline), ("_save", "Enregistrer")]
    with opener.open(change_url, data=urllib.parse.urlencode(values).encode()) as response:
        if response.url.rstrip("/").endswith("/change"):
            sys.exit("The admin refused the edit:\n" + response.read().decode()[:2000])


if __name__ == "__main__":
    sys.exit(main())
