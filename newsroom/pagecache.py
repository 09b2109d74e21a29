"""A page cache for anonymous readers, in the shared cache, with exact invalidation.

Every cached page is stored under the current *content generation*, a row in the database
(``ContentGeneration``). Any change to published content (an article, a block, a person, a
career, a tag...) bumps it in the change's own transaction, so every app server sharing the
cache stops serving the old pages (at once, or within ``PAGE_CACHE_RECHECK_SECONDS``, see
below), and a cache that goes backwards (restored from an old dump, failed over) only holds
pages under generations the database has left behind. No entry is kept past the next
scheduled time, so a scheduled publication shows on time. A newsroom's rate of edits is tiny
next to its rate of reads, so re-rendering after each edit costs little.

A public page is looked up under its address with only the query parameters public pages
read (``PUBLIC_QUERY_PARAMETERS``): the link to a breaking story shared on a social network
arrives with a tracking parameter unique to each click (``?fbclid=…``), and each click would
otherwise miss the cache and render the page again.

With a shared cache (Redis), each process also keeps the pages it serves in its own memory
(the ``local`` cache). Every process trusts its last reading of the generation for
``PAGE_CACHE_RECHECK_SECONDS``: a change made on any server shows on every server within that
delay (the process that made it sees it at once), and a page served again costs no network
round trip.

Requests with a session cookie (editors, journalists, previews) bypass the cache entirely,
and responses that set a cookie, are private or are not 200 are never stored. If the cache
server is unreachable, pages are served uncached.
"""

import functools
import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core import checks
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import urlencode

from . import review

logger = logging.getLogger(__name__)

# Content that public pages show (newsroom: the image library); a change to any of their
# models changes some page.
WATCHED_APPS = {"articles", "people", "taggit", "newsroom"}


# This process's last reading of the state from the database, and when (time.monotonic()).
_seen = {"state": None, "at": 0.0}


@functools.cache
def _unwatched_models() -> frozenset:
    """Models of the watched apps that no public page shows."""
    from .models import ContentGeneration, PendingChange

    return frozenset({ContentGeneration, PendingChange})


def shared_cache() -> bool:
    """Whether the default cache is shared by every process (Redis), not this one's memory."""
    return not isinstance(caches["default"], (LocMemCache, DummyCache))


def _local_tier():
    """The process's own page store in front of a shared cache; None without one."""
    return caches["local"] if shared_cache() else None


def check_shared_cache(app_configs=None, **kwargs) -> list:
    """Deployment check: a page cache in local memory is one per worker process."""
    if settings.PAGE_CACHE_SECONDS > 0 and isinstance(caches["default"], LocMemCache):
        return [
            checks.Warning(
                "The page cache is on with a local-memory cache: each worker process keeps its "
                "own pages, and an edit or unpublication made through one is not seen by the "
                "others for up to PAGE_CACHE_SECONDS.",
                hint="Set REDIS_URL so that every process shares one cache, or PAGE_CACHE_SECONDS=0.",
                id="newsroom.W001",
            )
        ]
    return []


def _expired(state) -> bool:
    return state["until"] is not None and time.time() >= state["until"]


def _trusted_state() -> dict | None:
    """This process's reading of the state, while it may still trust it."""
    state = _seen["state"]
    if (
        state is not None
        and time.monotonic() - _seen["at"] < settings.PAGE_CACHE_RECHECK_SECONDS
        and not _expired(state)
    ):
        return state
    return None


def _state() -> dict:
    """The current generation and the time (epoch seconds) it stops being valid.

    Read from the database, where changes commit; this process trusts its last reading for
    ``PAGE_CACHE_RECHECK_SECONDS`` (its own changes reset it at once), never past the next
    scheduled publication.
    """
    state = _trusted_state()
    if state is not None:
        return state
    token, until = _read_generation()
    # A scheduled time that has passed changes the pages as an edit does: a new generation.
    state = {"generation": f"{token}-{until or 0}", "until": until}
    _seen.update(state=state, at=time.monotonic())
    return state


def _read_generation() -> tuple[str, float | None]:
    """The database's generation token and the next scheduled change, in one query."""
    from articles.models import Article

    from .models import ContentGeneration

    for hook in _waiting_hooks(DEFAULT_DB_ALIAS):
        hook.read = True
    changes = Article.objects.visibility_changes()
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
    updated = ContentGeneration.objects.using(using).filter(pk=1).update(
        value=F("value") + 1, token=secrets.token_hex(16), changed_at=timezone.now()
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
        stored_key = f"{key}:{_state()['generation']}"
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


def _name(pair: str) -> str:
    """The name of a ``name=value`` pair, as written."""
    return pair.partition("=")[0]


def public_query(query_string: str) -> str | None:
    """The part of ``query_string`` public pages read, cut as a string: its parameters named
    in ``PUBLIC_QUERY_PARAMETERS``, in their order, blank values kept (``?q=`` is an empty
    search). None when only parsing can tell: a name written with ``%`` or ``+``, an empty
    name, or more parameters than Django parses (``DATA_UPLOAD_MAX_NUMBER_FIELDS``).

    Cut as a string, a cached page costs no parsing at all: parsing the query twice (to
    filter it, then for the cache's key) held a cached search page to 0.85–0.90 of the
    static file's rate.
    """
    pairs = query_string.split("&")
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if limit is not None and len(pairs) > limit:
        return None
    kept = []
    for pair in pairs:
        name = _name(pair)
        if name in settings.PUBLIC_QUERY_PARAMETERS:
            kept.append(pair)
        elif not name or "%" in name or "+" in name:
            return None
    return "&".join(kept)


def public_params(given: QueryDict) -> QueryDict:
    """``given`` (parsed) with only the parameters public pages read, values in order."""
    kept = QueryDict(mutable=True)
    for name in given:
        if name in settings.PUBLIC_QUERY_PARAMETERS:
            kept.setlist(name, given.getlist(name))
    kept._mutable = False  # read-only, as Django's own request.GET
    return kept


class PublicQueryMiddleware:
    """Give public pages only the query parameters they read (``PUBLIC_QUERY_PARAMETERS``).

    ``request.GET`` is all a page reads, so what it shows then depends on nothing the page
    cache's key leaves out, whether the cache is on or not: tracking parameters never reach the
    language switcher's or the pagination's links, and a view reading a parameter nobody listed
    fails in its own tests rather than only in production. The raw query string is left as it
    came: the address in the reader's browser is not rewritten, and a redirect (a missing final
    slash) keeps the parameters that analytics read.
    """

    excluded = ("/admin/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if query and request.method in ("GET", "HEAD") and not request.path.startswith(self.excluded):
            public = public_query(query)
            if public is None:
                # Parsed by Django, with its limits (too many parameters: 400).
                request.GET = public_params(request.GET)
            else:
                if public != query:
                    request.GET = QueryDict(public, encoding=request.encoding)
                # request.GET is what this string parses to: the page cache's key.
                request.public_query = public
        return self.get_response(request)


class PageCacheMiddleware:
    """Serve and store anonymous GET pages; see the module docstring for the rules."""

    excluded = ("/admin/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        try:
            local = _local_tier()
            state = _state()
            key = self._key(request, state["generation"])
            cached = local.get(key) if local is not None else None
            if cached is None:
                cached = cache.get(key)
                if cached is not None and local is not None:
                    local.set(key, cached, self._timeout(state))
        except Exception:
            logger.warning("Page cache unreachable; serving uncached", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if self._cacheable_response(response):
            # One piece, not the hundreds a feed writer appends: each piece would be its own
            # socket write when served, several milliseconds for a feed.
            response.content = response.content
            self._public_headers(response)
            timeout = self._timeout(state)
            try:
                cache.set(key, response, timeout)
            except Exception:
                logger.warning("Page cache unreachable; page not stored", exc_info=True)
            else:
                if local is not None:
                    local.set(key, response, timeout)
        return response

    @staticmethod
    def _timeout(state) -> int:
        """Seconds a page may be kept: PAGE_CACHE_SECONDS, never past the next scheduled time."""
        timeout = settings.PAGE_CACHE_SECONDS
        if state["until"] is not None:
            timeout = max(1, min(timeout, int(state["until"] - time.time())))
        return timeout

    def _cacheable_request(self, request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(self.excluded)
            and self._allowed_host(request)
        )

    @staticmethod
    def _allowed_host(request) -> bool:
        # A host outside ALLOWED_HOSTS goes on to Django, which answers 400, cached or not.
        try:
            request.get_host()
        except DisallowedHost:
            return False
        return True

    @staticmethod
    def _cacheable_response(response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    def _public_headers(self, response) -> None:
        # Browsers revalidate each time (a 304 costs nothing); a CDN may keep a page
        # for PAGE_CACHE_CDN_SECONDS, the staleness the site accepts at the edge.
        set_response_etag(response)
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.PAGE_CACHE_CDN_SECONDS,
            must_revalidate=True,
        )

    @staticmethod
    def _key(request, generation) -> str:
        # What the page reads (PublicQueryMiddleware has kept only that), ordered by name
        # (?q=a&page=2 and ?page=2&q=a are one page): a query string that parses to
        # request.GET, so one key never names two pages. The kept string when it could be
        # cut unparsed (a stable sort: a name's values keep their order), else request.GET
        # written out.
        query = getattr(request, "public_query", None)
        if query is None:
            query = urlencode(sorted(request.GET.lists()), doseq=True)
        else:
            query = "&".join(sorted(query.split("&"), key=_name))
        url = f"{request.path}?{query}"
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return f"page:{generation}:{digest}"
