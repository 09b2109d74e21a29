import contextlib

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated_site(settings, tmp_path):
    """Uploads go to a throwaway folder and each test starts with an empty cache.

    The page cache is off unless a test turns it on: most tests change content inside a
    transaction that never commits, so the commit-time invalidation would not run.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    with contextlib.suppress(Exception):  # a test may point the cache at a dead server
        cache.clear()
