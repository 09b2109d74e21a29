"""The page cache on a shared cache server (Redis), as several app servers run it: each process
keeps the pages it serves in its own memory and re-reads the content generation at most every
PAGE_CACHE_RECHECK_SECONDS."""

import datetime

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from articles.models import Article
from newsroom import generation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings, redis_server):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_RECHECK_SECONDS = 0.5
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server["url"]},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-local"},
    }
    caches["default"].clear()
    caches["local"].clear()
    generation._seen["state"] = None
    yield
    generation._seen["state"] = None


@pytest.fixture
def redis_reads(monkeypatch):
    """The keys this process reads from Redis."""
    keys = []
    original = RedisCache.get

    def get(self, key, *args, **kwargs):
        keys.append(key)
        return original(self, key, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get", get)
    return keys


def another_server_edits(article, headline):
    """What an edit saved through another app server leaves here: new rows and a new generation
    in the database; this process's memory is untouched."""
    seen = dict(generation._seen)
    Article.objects.filter(pk=article.pk).update(headline=headline)
    generation.content_changed()
    generation._seen.update(seen)


def test_a_page_served_again_reads_neither_redis_nor_the_database(
    client, shared_cache, redis_reads, django_assert_num_queries
):
    article = factories.article(headline="Servi de mémoire")
    first = client.get(article.get_absolute_url())
    assert "Servi de mémoire" in first.content.decode()
    assert redis_reads  # the first reader looked the page up in the shared cache
    redis_reads.clear()
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url())
    assert again.content == first.content
    assert redis_reads == []


def test_another_process_finds_the_page_in_redis(client, shared_cache, redis_reads, django_assert_num_queries):
    article = factories.article(headline="Rendu par un autre serveur")
    first = client.get(article.get_absolute_url())
    caches["local"].clear()  # a second process: nothing in its memory
    generation._seen["state"] = None
    redis_reads.clear()
    # The generation (with the next scheduled publication and embargo end), from the
    # database; the page, from Redis.
    with django_assert_num_queries(1):
        again = client.get(article.get_absolute_url())
    assert again.content == first.content
    assert len(redis_reads) == 1 and redis_reads[0].startswith("page:")


def test_another_servers_edit_shows_within_the_recheck_delay(client, shared_cache):
    article = factories.article(headline="Premier titre")
    url = article.get_absolute_url()
    assert "Premier titre" in client.get(url).content.decode()
    another_server_edits(article, "Titre corrigé")
    # Inside the delay this process still trusts its reading of the generation.
    assert "Premier titre" in client.get(url).content.decode()
    generation._seen["at"] -= 0.5  # the delay has passed
    page = client.get(url).content.decode()
    assert "Titre corrigé" in page and "Premier titre" not in page


def test_this_servers_own_edit_shows_at_once(client, shared_cache, django_capture_on_commit_callbacks):
    article = factories.article(headline="Avant correction")
    url = article.get_absolute_url()
    assert "Avant correction" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Après correction"
        article.save()
    page = client.get(url).content.decode()
    assert "Après correction" in page and "Avant correction" not in page


def test_a_scheduled_article_appears_on_time_within_the_recheck_delay(client, shared_cache, monkeypatch):
    """This process's reading of the generation does not outlive the next scheduled time."""
    at = timezone.now() + datetime.timedelta(hours=1)
    factories.article(headline="Programmé pour plus tard", published_at=at)
    assert "Programmé pour plus tard" not in client.get("/").content.decode()

    later = at + datetime.timedelta(seconds=1)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert "Programmé pour plus tard" in client.get("/").content.decode()
