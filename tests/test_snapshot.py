"""Public pages read one snapshot of the database (newsroom/snapshot.py): every query of a page
runs inside one transaction, at REPEATABLE READ on PostgreSQL, so an edit committed while the
page is being read cannot show half. scripts/load_check.py shows the effect under real load."""

import pytest
from django.db import connection

from tests import factories

# Real transactions: inside a test's own transaction the middleware rightly does nothing.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's snapshot reads (SQLite is left alone)"),
]


def queries_and_transactions(client, url):
    seen = []

    def spy(execute, sql, params, many, context):
        level = connection.connection.isolation_level
        seen.append((sql.split()[0].upper(), connection.in_atomic_block, level))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        response = client.get(url)
    return response, seen


@pytest.mark.parametrize("url", ["article", "/", "/flux/rss/", "/sitemap.xml"])
def test_every_query_of_a_public_page_runs_in_one_snapshot(client, url):
    article = factories.article(headline="Une page cohérente", people=[factories.person()])
    factories.faq_entry(article)
    response, seen = queries_and_transactions(client, article.get_absolute_url() if url == "article" else url)
    assert response.status_code == 200
    assert seen, "the page ran no query"
    assert all(in_transaction for _verb, in_transaction, _level in seen), seen
    from psycopg import IsolationLevel

    assert {level for _verb, _in, level in seen} == {IsolationLevel.REPEATABLE_READ}
    # The level goes back to the default for what the connection does next (admin saves).
    assert connection.connection.isolation_level is None


def test_admin_and_posts_are_left_as_they_are(client):
    _response, seen = queries_and_transactions(client, "/admin/login/")
    assert not any(in_transaction for _verb, in_transaction, _level in seen)
