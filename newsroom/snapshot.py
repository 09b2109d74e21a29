"""One snapshot of the database per public page: a reader never sees a half-updated page.

A page reads the article, its blocks, its people and its FAQ in several queries. Outside a
transaction each query sees the latest commit: an edit committed between two of them gives a
page whose headline is from one version and whose FAQ is from the next (the load check in
scripts/load_check.py saw it on PostgreSQL). Reading pages (GET and HEAD) run in one
transaction at REPEATABLE READ, so every query sees the database as of the first.

PostgreSQL: the level is set on the connection before the transaction opens, and psycopg
sends it with its BEGIN (no extra statement). SQLite, the embedded development default, is
left alone: its transactions are IMMEDIATE (they take the write lock, so that concurrent
saves wait instead of failing), and a transaction per page would serialise every reader,
cutting the requests served and making the slowest wait far longer. Inside a transaction
that is already open (tests, management commands), nothing changes.
"""

from contextlib import contextmanager

from django.db import connection, transaction

# The admin manages its own transactions; these addresses never read the database.
EXCLUDED = ("/admin/", "/favicon.ico", "/static/", "/media/")


@contextmanager
def consistent_reads():
    """Every query inside the block sees the same snapshot of the database."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        yield
        return
    from psycopg import IsolationLevel

    connection.ensure_connection()
    raw = connection.connection
    previous = raw.isolation_level
    raw.isolation_level = IsolationLevel.REPEATABLE_READ
    try:
        with transaction.atomic():
            yield
    finally:
        if not raw.closed and connection.connection is raw:
            raw.isolation_level = previous


class ConsistentReadMiddleware:
    """Run public GET and HEAD requests, rendering included, in one snapshot."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED):
            return self.get_response(request)
        with consistent_reads():
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response
