"""Django's Redis cache behind a circuit breaker: a cache server that hangs is skipped, not waited on.

A Redis that stops answering with its socket still open (a stopped process, a saturated
host) costs the whole socket timeout on every call, and a page makes several (the content
generation, the page, the sections menu, storing the page): readers queue behind workers
that wait on it, and an editor's save, whose every saved row drops the pages, waits once per
row. Here the first call that fails or times out opens the breaker: for
``COOL_DOWN_SECONDS`` every call answers at once as a cache that holds nothing would (a miss,
nothing stored), so pages are rendered from the database and served. After the cool-down
one call tries the server again; if it answers, the breaker closes.

Deletions cannot be dropped like writes: they are how every server hears that content
changed (``newsroom.generation.invalidate_pages``), and a server that was only stopped comes
back holding what it held. The keys this process failed to delete are deleted again as soon
as the server answers, before anything else is read from it.

The breaker's state is per process (one per cache alias and location), shared by its threads.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Pending deletions kept at most while the server is away; past that, the oldest are dropped
# (the page cache's own keys are a handful, rewritten on every change).
MAX_PENDING_DELETES = 1000
_SKIPPED = object()


class _Breaker:
    def __init__(self, cool_down: float):
        self.cool_down = cool_down
        self.open_until = 0.0  # time.monotonic(); 0 when closed
        self.pending_deletes: dict[str, None] = {}  # ordered set of full keys
        self.lock = threading.Lock()

    def allows(self) -> bool:
        """Whether this call may reach the server: closed, or the one trial after a cool-down."""
        if not self.open_until:
            return True
        with self.lock:
            now = time.monotonic()
            if now < self.open_until:
                return False
            # This call is the trial; the others keep skipping until it answers.
            self.open_until = now + self.cool_down
            return True

    def trip(self, error: Exception) -> None:
        with self.lock:
            was_closed = not self.open_until
            self.open_until = time.monotonic() + self.cool_down
        if was_closed:
            logger.error("Cache server unavailable (%s): skipped for %.1f s", error, self.cool_down)

    def close(self) -> None:
        with self.lock:
            was_open = bool(self.open_until)
            self.open_until = 0.0
        if was_open:
            logger.warning("Cache server answers again")

    def remember_deletes(self, keys) -> None:
        with self.lock:
            for key in keys:
                self.pending_deletes[key] = None
            while len(self.pending_deletes) > MAX_PENDING_DELETES:
                del self.pending_deletes[next(iter(self.pending_deletes))]

    def take_deletes(self) -> list[str]:
        with self.lock:
            keys = list(self.pending_deletes)
            self.pending_deletes.clear()
        return keys


_breakers: dict[tuple, _Breaker] = {}
_breakers_lock = threading.Lock()


class BreakerRedisCache(RedisCache):
    """``RedisCache`` that answers as an empty cache for ``COOL_DOWN_SECONDS`` after a failure.

    OPTIONS: ``COOL_DOWN_SECONDS`` (default 5); the others go to redis-py as for
    ``RedisCache`` (set ``socket_timeout`` and ``socket_connect_timeout``: they bound the one
    call that finds the server gone).
    """

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        cool_down = float(params["OPTIONS"].pop("COOL_DOWN_SECONDS", 5))
        super().__init__(server, params)
        # Django makes one backend object per thread; the breaker is the process's.
        identity = (tuple(self._servers), self.key_prefix)
        with _breakers_lock:
            self._breaker = _breakers.setdefault(identity, _Breaker(cool_down))

    def _call(self, skipped, operation, *args, deletes=()):
        """``operation(*args)``, or ``skipped`` when the server is known unavailable or fails."""
        from redis.exceptions import ConnectionError, TimeoutError

        breaker = self._breaker
        if not breaker.allows():
            breaker.remember_deletes(deletes)
            return skipped
        try:
            pending = breaker.take_deletes()
            if pending:
                try:
                    self._cache.delete_many(pending)
                except BaseException:
                    breaker.remember_deletes(pending)
                    raise
            result = operation(*args)
        except (ConnectionError, TimeoutError, OSError) as error:
            breaker.remember_deletes(deletes)
            breaker.trip(error)
            return skipped
        breaker.close()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        full_key = self.make_and_validate_key(key, version=version)
        return self._call(False, super().delete, key, version, deletes=[full_key])

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # Django's API for a missing key; callers of incr() already handle it.
        outcome = self._call(_SKIPPED, super().incr, key, delta, version)
        if outcome is _SKIPPED:
            raise ValueError(f"Key '{key}' not found (cache server unavailable)")
        return outcome

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        full_keys = [self.make_and_validate_key(key, version=version) for key in keys]
        return self._call(None, super().delete_many, keys, version, deletes=full_keys)

    def clear(self):
        return self._call(False, super().clear)
