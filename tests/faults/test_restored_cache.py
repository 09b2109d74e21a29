"""A cache restored from an old dump never brings a pulled story back.

The content generation that decides which cached pages are current lives in the database, so
Redis restarted from a dump taken while the story was online only holds pages the database has
left behind.
"""

import contextlib
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest
import redis

from tests.servers import free_port, missing, wait_for_port

from .conftest import app_server, manage

SLUG = "openai-vp-securite-lilian-weng-depart"
ARTICLE = f"/articles/{SLUG}/"
LISTINGS = ("/", "/flux/rss/", "/sitemap-articles.xml")

UNPUBLISH = f"""
from django.contrib.auth import get_user_model
from articles.models import Article
from articles.services import article_unpublish
article_unpublish(article=Article.objects.get(slug="{SLUG}"), by=get_user_model().objects.get(username="editor"))
"""


def fetch(url) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class DumpedRedis:
    """A Redis that saves to a folder and can be restarted from what it saved."""

    def __init__(self, folder):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            missing("redis-server")
        self.folder, self.port, self.process = folder, free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def kill(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def dumped_redis(tmp_path):
    server = DumpedRedis(tmp_path)
    server.start()
    yield server
    with contextlib.suppress(Exception):
        server.kill()


def test_a_story_unpublished_after_the_dump_stays_off_when_redis_restarts_from_it(app_env, dumped_redis):
    env = {**app_env, "REDIS_URL": dumped_redis.url, "PAGE_CACHE_SECONDS": "300", "PAGE_CACHE_RECHECK_SECONDS": "0.5"}
    with app_server(env) as base:
        status, _ = fetch(base + ARTICLE)
        assert status == 200
        for path in LISTINGS:
            assert SLUG in fetch(base + path)[1]
        # The pages are in Redis, as the hostile operator found them.
        assert any(b":page:" in key for key in redis.Redis.from_url(dumped_redis.url).scan_iter())

        redis.Redis.from_url(dumped_redis.url).save()
        manage(env, "shell", "-c", UNPUBLISH)
        dumped_redis.kill()
        dumped_redis.start()  # from the dump taken while the story was online
        assert any(b":page:" in key for key in redis.Redis.from_url(dumped_redis.url).scan_iter())
        time.sleep(1)  # past PAGE_CACHE_RECHECK_SECONDS, as any reader after the restart

        for _ in range(5):  # both workers, whatever each had in memory
            status, body = fetch(base + ARTICLE)
            assert status == 404, body[:300]
            for path in LISTINGS:
                assert SLUG not in fetch(base + path)[1], path
