"""The content generation: which cached pages and fragments are current.

Every change to what public pages show (an article, a block, a person, a career, a tag...)
bumps one database row (``ContentGeneration``) in the change's own transaction, so it commits
or rolls back with the change. Caches key what they keep by the generation: a cache that goes
backwards (restored from an old dump, flushed, failed over) only holds entries under
generations the database has left behind. No entry is kept past the next scheduled change in
what readers may see, which the apps declare (``register_visibility``), so a scheduled
publication shows on time with no job running.

Every process trusts its last reading of the generation for ``PAGE_CACHE_RECHECK_SECONDS``
(its own commits reset it at once), so a change made on any server shows on every server
within that delay. The page cache (``newsroom.site.pagecache``) and the sections menu use it.
"""

import functools
import logging
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.utils import timezone

from . import review

logger = logging.getLogger(__name__)

# Content that public pages show (newsroom: the image library); a change to any of their
# models changes some page.
WATCHED_APPS = {"articles", "people", "taggit", "newsroom"}

# Subqueries (name → expression) for the next moments readers' content changes by itself.
_visibility: list[Callable[[], dict]] = []


def register_visibility(changes: Callable[[], dict]) -> None:
    """``changes()`` gives subqueries for the next moments at which what readers see changes
    with no save (a scheduled publication, the end of an embargo)."""
    if changes not in _visibility:
        _visibility.append(changes)


@functools.cache
def _unwatched_models() -> frozenset:
    """Models of the watched apps that no public page shows."""
    from .models import ContentGeneration, PendingChange

    return frozenset({ContentGeneration, PendingChange})


# This process's last reading of the state from the database, and when (time.monotonic()).
_seen = {"state": None, "at": 0.0}


def _expired(state) -> bool:
    return state["until"] is not None and time.time() >= state["until"]


def current_state() -> dict:
    """The current generation and the time (epoch seconds) it stops being valid.

    Read from the database, where changes commit; this process trusts its last reading for
    ``PAGE_CACHE_RECHECK_SECONDS`` (its own changes reset it at once), never past the next
    scheduled publication.
    """
    state = _seen["state"]
    if (
        state is not None
        and time.monotonic() - _seen["at"] < settings.PAGE_CACHE_RECHECK_SECONDS
        and not _expired(state)
    ):
        return state
    token, until = _read_generation()
    # A scheduled time that has passed changes the pages as an edit does: a new generation.
    state = {"generation": f"{token}-{until or 0}", "until": until}
    _seen.update(state=state, at=time.monotonic())
    return state


def _read_generation() -> tuple[str, float | None]:
    """The database's generation token and the next scheduled change, in one query."""
    from .models import ContentGeneration

    for hook in _waiting_hooks(DEFAULT_DB_ALIAS):
        hook.read = True
    changes = {}
    for provider in _visibility:
        changes.update(provider())
    row = ContentGeneration.objects.filter(pk=1).annotate(**changes).values_list("token", *changes).first()
    if row is None:  # a database emptied by hand (or by a test's flush)
        ContentGeneration.objects.get_or_create(pk=1, defaults={"token": secrets.token_hex(16)})
        return _read_generation()
    token, *moments = row
    moments = [moment for moment in moments if moment is not None]
    return token, min(moments).timestamp() if moments else None


class _SeenOnCommit:
    """Run when a change commits: this process stops trusting its reading at once.

    While one is waiting in the transaction's commit hooks, the transaction has already bumped
    the generation, so later changes in it need not bump again, unless the new generation was
    read meanwhile on this connection (a page rendered inside the transaction, as in tests).
    """

    def __init__(self):
        self.waiting = True
        self.read = False

    def __call__(self):
        self.waiting = False
        _seen["state"] = None


def _waiting_hooks(using: str) -> list:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return []
    return [hook for _, hook, _ in connection.run_on_commit if isinstance(hook, _SeenOnCommit) and hook.waiting]


def content_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Mark every cached page stale, as part of the current transaction.

    The bump commits with the change or rolls back with it (a rolled-back savepoint drops both
    the bump and its commit hook), so no reader can cache the old content under the new token.
    """
    from .models import ContentGeneration

    if review.is_previewing() or any(not hook.read for hook in _waiting_hooks(using)):
        return  # a preview's writes are rolled back; a transaction bumps once
    updated = (
        ContentGeneration.objects.using(using)
        .filter(pk=1)
        .update(value=F("value") + 1, token=secrets.token_hex(16), changed_at=timezone.now())
    )
    if not updated:
        ContentGeneration.objects.using(using).get_or_create(pk=1, defaults={"token": secrets.token_hex(16)})
    transaction.on_commit(_SeenOnCommit(), using=using, robust=True)


def invalidate_pages(using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop every cached page on every server (after bulk changes made without save())."""
    content_changed(using)


def cached_fragment(key: str, compute):
    """``compute()``'s value, kept in the shared cache under the current generation.

    A restored cache's old copy, stored under a generation the database has left behind, is
    never read. If the cache is unreachable, or without ``FRAGMENT_CACHE`` (production without
    a shared cache, see settings), the value is computed each time.
    """
    if not settings.FRAGMENT_CACHE:
        return compute()
    try:
        stored_key = f"{key}:{current_state()['generation']}"
        value = cache.get(stored_key)
    except Exception:
        logger.warning("Cache unreachable; %s computed", key, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(stored_key, value, timeout=max(settings.PAGE_CACHE_SECONDS, 60))
        except Exception:
            logger.warning("Cache unreachable; %s not stored", key, exc_info=True)
    return value


def invalidate_on_change(sender, **kwargs) -> None:
    """Signal receiver: a model the public pages show was saved, deleted or re-linked.

    The generation is bumped inside the change's own transaction, so the two commit together.
    """
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # an m2m change is announced before and after: the "post_" one is the change
    if sender._meta.app_label in WATCHED_APPS and sender not in _unwatched_models():
        content_changed(kwargs.get("using") or DEFAULT_DB_ALIAS)
