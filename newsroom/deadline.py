"""Fail fast when the database is slow: a statement timeout and a deadline per web request.

A database that answers slowly holds a sync worker for as long as it takes, and the readers
queued behind that worker wait as long again: a small added latency per query adds up to
pages that take many seconds, and no reader is ever told to come back later. Two bounds,
both answered with the 503 page and its ``Retry-After`` (``newsroom.faults``):

* **a statement timeout**: PostgreSQL cancels any statement of a web request that runs longer
  than ``DATABASE_STATEMENT_TIMEOUT`` seconds (a lock held by a long transaction, a runaway
  plan). It is set on the connections opened by web requests only: management commands and
  scripts (``migrate``, ``generate_corpus``, ``backup``, ``restore``, the benchmarks) run
  statements that may rightly take minutes, and never load this middleware.
* **a request deadline**: a request that has spent ``REQUEST_DEADLINE_SECONDS`` runs no
  further query; each one is checked before it is sent (``connection.execute_wrapper``), so
  many slow queries cannot add up to tens of seconds. A request therefore holds a worker for
  at most the deadline plus one statement.
"""

import threading
import time
from contextlib import ExitStack

from django.conf import settings
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created


class DeadlineExceeded(OperationalError):
    """The request has spent its time; the database is too slow to finish it now."""


# The running request's deadline (time.monotonic()), None outside requests; one per thread,
# as Django's connections.
_request = threading.local()


def _check_deadline(execute, sql, params, many, context):
    deadline = getattr(_request, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise DeadlineExceeded(f"request deadline of {settings.REQUEST_DEADLINE_SECONDS:g} s passed")
    return execute(sql, params, many, context)


def set_statement_timeout(sender, connection, **kwargs) -> None:
    """connection_created receiver: a connection opened by a web request gets the timeout.

    It is a session setting, sent once per connection (connections persist for
    ``CONN_MAX_AGE``), in autocommit, before any transaction that could roll it back.
    """
    milliseconds = int(settings.DATABASE_STATEMENT_TIMEOUT * 1000)
    if connection.vendor != "postgresql" or milliseconds <= 0 or not getattr(_request, "active", False):
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"])


class RequestDeadlineMiddleware:
    """Give each request a deadline for its queries, and web connections a statement timeout."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Connected here, not in AppConfig.ready(): only processes that serve requests load
        # this middleware, and only they may cut statements short.
        connection_created.connect(set_statement_timeout, dispatch_uid="newsroom-statement-timeout")

    def __call__(self, request):
        seconds = settings.REQUEST_DEADLINE_SECONDS
        _request.deadline = time.monotonic() + seconds if seconds > 0 else None
        _request.active = True
        try:
            with ExitStack() as stack:
                for connection in connections.all():
                    stack.enter_context(connection.execute_wrapper(_check_deadline))
                return self.get_response(request)
        finally:
            _request.deadline = None
            _request.active = False
