"""Redis stops: pages are still served (uncached), never a 500."""

import time
import urllib.request

from .conftest import app_server

ARTICLE = "/articles/openai-vp-securite-lilian-weng-depart/"


def test_pages_are_served_with_the_cache_server_stopped(redis_server, app_env):
    env = {**app_env, "REDIS_URL": redis_server["url"], "PAGE_CACHE_SECONDS": "300"}
    with app_server(env) as base:
        with urllib.request.urlopen(base + ARTICLE, timeout=10) as response:
            assert response.status == 200
        redis_server["process"].kill()
        redis_server["process"].wait()
        for path in (ARTICLE, "/", "/organisations/openai/"):
            started = time.monotonic()
            with urllib.request.urlopen(base + path, timeout=10) as response:
                assert response.status == 200
                assert "Newsroom" in response.read().decode()
            assert time.monotonic() - started < 5
