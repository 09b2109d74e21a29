"""Production settings: refuse to start half-configured, pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for the live server; production never has it.
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_check_deploy_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "news.example.org"}, "SECRET_KEY is missing"),
        ({"ALLOWED_HOSTS": "news.example.org", "SECRET_KEY": "changeme"}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": secrets.token_urlsafe(60)}, "ALLOWED_HOSTS is missing"),
        (
            {"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "news.example.org", "DEBUG": "1"},
            "DEBUG is on in production",
        ),
    ],
)
def test_production_refuses_to_start_half_configured(env, message):
    """A missing or weak key or missing hosts stops start-up with a message that says which."""
    result = manage("check", DJANGO_ENV="production", **env)
    assert result.returncode != 0
    assert message in result.stderr


PRODUCTION = {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "news.example.org"}
PAGE_CACHE_SECONDS = (
    "from django.conf import settings; "
    "print('PAGE_CACHE_SECONDS', settings.PAGE_CACHE_SECONDS, 'FRAGMENT_CACHE', settings.FRAGMENT_CACHE)"
)


@pytest.mark.parametrize(
    ("cache_url", "seconds", "fragments"),
    [("locmem://", "0", "False"), ("redis://127.0.0.1:6379/0", "300", "True")],
)
def test_production_turns_the_page_cache_on_only_with_a_shared_cache(tmp_path, cache_url, seconds, fragments):
    """With local memory each gunicorn worker would keep its own pages and menus: an article
    unpublished through one worker would still be served by the others."""
    env = {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(60), "CACHE_URL": cache_url,
           "NEWSROOM_VAR_DIR": str(tmp_path)}  # fmt: skip
    result = manage("shell", "-c", PAGE_CACHE_SECONDS, **env)
    assert result.returncode == 0, result.stderr
    assert f"PAGE_CACHE_SECONDS {seconds} FRAGMENT_CACHE {fragments}" in result.stdout


def test_check_deploy_warns_of_a_page_cache_in_local_memory(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        **PRODUCTION, SECRET_KEY=secrets.token_urlsafe(60), CACHE_URL="locmem://", PAGE_CACHE_SECONDS="300",
        NEWSROOM_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode != 0
    assert "newsroom.W001" in result.stderr and "REDIS_URL" in result.stderr


def test_development_keeps_the_page_cache_on_in_local_memory(tmp_path):
    """make run serves from one process: its own cache is the only one."""
    result = manage("shell", "-c", PAGE_CACHE_SECONDS, CACHE_URL="locmem://", NEWSROOM_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "PAGE_CACHE_SECONDS 300 FRAGMENT_CACHE True" in result.stdout


def test_development_defaults_start_with_nothing_set(tmp_path):
    result = manage("check", NEWSROOM_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


# What a browser receives from a production server behind its TLS proxy.
HEADERS_SCRIPT = """
from django.test import Client
client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="news.example.org")
for path in ("/", "/admin/login/"):
    response = client.get(path, secure=True)
    print("STATUS", path, response.status_code)
    for name, value in response.headers.items():
        print("HEADER", path, name.lower(), value)
    for name, morsel in response.cookies.items():
        print("COOKIE", path, name, morsel["secure"], morsel["httponly"])
print("REDIRECT", Client(HTTP_HOST="news.example.org").get("/").get("Location"))
"""


def test_production_responses_carry_the_security_headers_and_safe_cookies(tmp_path):
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "news.example.org",
        "NEWSROOM_VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for command in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        assert manage(*command, **env).returncode == 0
    result = manage("shell", "-c", HEADERS_SCRIPT, **env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    headers = {tuple(line.split(" ", 3)[1:3]): line.split(" ", 3)[3] for line in lines if line.startswith("HEADER")}
    for path in ("/", "/admin/login/"):
        assert headers[(path, "strict-transport-security")] == "max-age=31536000; includeSubDomains; preload"
        assert headers[(path, "x-frame-options")] == "DENY"
        assert headers[(path, "x-content-type-options")] == "nosniff"
        assert headers[(path, "referrer-policy")] == "strict-origin-when-cross-origin"
        assert headers[(path, "cross-origin-opener-policy")] == "same-origin"
        policy = headers[(path, "content-security-policy")]
        assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        # No page sets a <base>: an injected one could send every relative link and form elsewhere.
        assert "base-uri 'none'" in policy
    # The login page sets the CSRF cookie: Secure and HttpOnly.
    cookies = [line.split() for line in lines if line.startswith("COOKIE")]
    assert ["COOKIE", "/admin/login/", "csrftoken", "True", "True"] in cookies
    # Plain HTTP is sent to HTTPS.
    assert "REDIRECT https://news.example.org/" in result.stdout
