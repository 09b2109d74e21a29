import contextlib
import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from newsroom import generation
from tests import factories
from tests.servers import redis_process


@pytest.fixture(autouse=True)
def _isolated_site(settings, tmp_path):
    """Uploads go to a throwaway folder and each test starts with an empty cache.

    The page cache is off unless a test turns it on: most tests change content inside a
    transaction that never commits, so the commit-time invalidation would not run. This
    process forgets its reading of the content generation, and trusts a new one for the whole
    test (its own committed changes still show at once): a query count pinned on a cached page
    must not depend on how fast the machine runs the test.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_CACHE_RECHECK_SECONDS = 60
    generation._seen["state"] = None
    cache.clear()
    yield
    generation._seen["state"] = None
    with contextlib.suppress(Exception):  # a test may point the cache at a dead server
        cache.clear()


@pytest.fixture(autouse=True)
def _french_outside_requests():
    """A request to /en/ leaves English active in its thread: each test starts and ends in French."""
    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(scope="module")
def redis_server():
    """A throwaway Redis on a spare port: {"process", "url"}. The machine's own is never touched."""
    with redis_process() as server:
        yield server


@pytest.fixture
def story():
    """A published story in the Tech section, with a byline, a person with a career entry at an
    organisation, a tag and one heading."""
    from articles.models import Block

    author = factories.person(name="Camille Exemple")
    weng = factories.person(name="Lilian Weng", short_description="chercheuse")
    org = factories.organisation(name="OpenAI")
    factories.career_entry(person=weng, organisation=org, end_date=datetime.date(2024, 11, 15), end_precision="day")
    article = factories.article(
        headline="Départ chez OpenAI",
        authors=[author],
        people=[weng],
        tags=["sécurité"],
        section=factories.section(name="Tech", slug="tech"),
        published_at=timezone.make_aware(datetime.datetime(2024, 11, 15, 12, 0)),
    )
    factories.block(article, kind=Block.Kind.HEADING, text="Un départ")
    return {"article": article, "person": weng, "organisation": org}
