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
    ],
)
def test_production_refuses_to_start_half_configured(env, message):
    """A missing or weak key or missing hosts stops start-up with a message that says which."""
    result = manage("check", DJANGO_ENV="production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_development_defaults_start_with_nothing_set(tmp_path):
    result = manage("check", NEWSROOM_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
