"""A page cache for anonymous readers, in the shared cache, with exact invalidation.

Every cached page is stored under the current content generation (``newsroom.generation``):
a change to published content shows on every app server at once, or within
``PAGE_CACHE_RECHECK_SECONDS``, and a cache that goes backwards never serves a page the
database has left behind.

A public page is looked up under its address with only the query parameters public pages
read (``PUBLIC_QUERY_PARAMETERS``): the link to a breaking story shared on a social network
arrives with a tracking parameter unique to each click (``?fbclid=…``), and each click would
otherwise miss the cache and render the page again.

With a shared cache (Redis), each process also keeps the pages it serves in its own memory
(the ``local`` cache), so a page served again costs no network round trip.

Requests with a session cookie (editors, journalists, previews) bypass the cache entirely,
and responses that set a cookie, are private or are not 200 are never stored. If the cache
server is unreachable, pages are served uncached.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core import checks
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.http import QueryDict
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import urlencode

from newsroom.generation import current_state

logger = logging.getLogger(__name__)


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


def _name(pair: str) -> str:
    """The name of a ``name=value`` pair, as written."""
    return pair.partition("=")[0]


def public_query(query_string: str) -> str | None:
    """The part of ``query_string`` public pages read, cut as a string: its parameters named
    in ``PUBLIC_QUERY_PARAMETERS``, in their order, blank values kept (``?q=`` is an empty
    search). None when only parsing can tell: a name written with ``%`` or ``+``, an empty
    name, or more parameters than Django parses (``DATA_UPLOAD_MAX_NUMBER_FIELDS``).

    Cut as a string, a cached page costs no parsing at all: parsing the query twice (to
    filter it, then for the cache's key) would keep a cached search page well below the
    rate at which a static file is served.
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
            state = current_state()
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
