"""A slow or stuck database: readers get the 503 page with Retry-After within seconds.

A statement stuck behind a lock is cancelled by PostgreSQL's statement_timeout; a database that
answers every query slowly is cut off by the request deadline, checked before each query.
Management commands keep running however long their statements take.
"""

import contextlib

import psycopg

from tests.servers import DelayingProxy

from .conftest import app_server, fetch, manage

ARTICLE = "/articles/openai-vp-securite-lilian-weng-depart/"


def assert_unavailable(status, headers, body):
    assert status == 503, body[:500]
    assert headers["Retry-After"].isdigit()
    assert "Service momentanément indisponible" in body
    assert "Traceback" not in body and "QueryCanceled" not in body


@contextlib.contextmanager
def table_locked(cluster, table):
    """Another session holds ``table`` exclusively: every statement that reads it waits."""
    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres") as holder:
        holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        yield
        holder.rollback()


def test_a_statement_stuck_behind_a_lock_answers_503_within_the_statement_timeout(pg_cluster, app_env):
    env = {**app_env, "DATABASE_STATEMENT_TIMEOUT": "1", "REQUEST_DEADLINE_SECONDS": "0"}
    with app_server(env) as base:
        assert fetch(base + ARTICLE)[0] == 200  # the connection is open and warm
        with table_locked(pg_cluster, "articles_article"):
            status, headers, body, seconds = fetch(base + ARTICLE, timeout=15)
            assert_unavailable(status, headers, body)
            assert seconds < 3, seconds
        status, _, body, _ = fetch(base + ARTICLE)
        assert status == 200 and "Lilian Weng" in body


def test_a_slow_database_answers_503_at_the_request_deadline(pg_cluster, app_env):
    """Each query waits 0.4 s on the network: the article page's queries add up to several
    seconds, and the deadline stops the request after one second and one query more."""
    proxy = DelayingProxy(pg_cluster.port, delay=0.2)
    env = {
        **app_env,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/postgres",
        "REQUEST_DEADLINE_SECONDS": "1",
    }
    try:
        with app_server(env) as base:
            for _ in range(2):  # with a new connection, then with the same one kept open
                status, headers, body, seconds = fetch(base + ARTICLE, timeout=30)
                assert_unavailable(status, headers, body)
                assert seconds < 2.5, seconds
            proxy.delay = 0  # the database is fast again: the same workers serve pages
            status, _, body, _ = fetch(base + ARTICLE)
            assert status == 200 and "Lilian Weng" in body
    finally:
        proxy.close()


def test_management_commands_are_not_cut_off_by_the_statement_timeout(app_env):
    """migrate, generate_corpus, backup may rightly run long statements."""
    env = {**app_env, "DATABASE_STATEMENT_TIMEOUT": "0.5"}
    script = (
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('SELECT pg_sleep(1)')\n"
        "cursor.execute('SHOW statement_timeout')\n"
        "print(cursor.fetchone()[0])\n"
    )
    assert manage(env, "shell", "-v0", "-c", script).stdout.strip() == "0"
