"""Month archives: Paris months, published articles only, links to the nearest months with
articles, and a 404 for a month that is invalid or has nothing to show."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def paris(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_month_archive_lists_that_paris_month_published_articles(client):
    factories.article(headline="Début novembre", published_at=paris(2024, 11, 1, 0, 10))
    factories.article(headline="Fin novembre", published_at=paris(2024, 11, 30, 23, 50))
    # Still November in UTC (23:30 on the 30th), already December in Paris.
    factories.article(headline="Minuit et demie", published_at=paris(2024, 12, 1, 0, 30))
    factories.article(headline="Brouillon de novembre", published_at=paris(2024, 11, 15), status=Article.Status.DRAFT)
    page = html(client.get("/archives/2024/11/"))
    assert "Début novembre" in page and "Fin novembre" in page
    assert "Minuit et demie" not in page and "Brouillon de novembre" not in page
    assert '<h1 class="page-title">Novembre 2024</h1>' in page
    assert "Minuit et demie" in html(client.get("/archives/2024/12/"))


def test_month_archive_links_the_nearest_months_that_have_articles(client):
    factories.article(published_at=paris(2024, 6, 10, 12))
    factories.article(published_at=paris(2024, 11, 10, 12))
    factories.article(published_at=paris(2025, 2, 10, 12))
    factories.article(published_at=paris(2025, 5, 10, 12), status=Article.Status.DRAFT)
    page = html(client.get("/archives/2024/11/"))
    assert '<a href="/archives/2024/6/">Mois précédent : juin 2024</a>' in page
    assert '<a href="/archives/2025/2/">Mois suivant : février 2025</a>' in page
    last = html(client.get("/archives/2025/2/"))
    assert "Mois suivant" not in last  # the draft in May does not count


@pytest.mark.parametrize(
    "url",
    [
        "/archives/2024/13/",
        "/archives/2024/0/",
        "/archives/0/1/",
        "/archives/10000/1/",
        "/archives/99999999999999999999/1/",
        "/archives/1/1/",
        "/archives/9999/12/",
        "/archives/1899/12/",
        "/archives/2101/1/",
    ],
)
def test_an_invalid_month_is_404(client, url):
    factories.article()
    assert client.get(url).status_code == 404


def test_a_month_without_published_articles_is_404(client):
    factories.article(published_at=paris(2024, 11, 10, 12), status=Article.Status.DRAFT)
    factories.article(published_at=timezone.now() + datetime.timedelta(days=40))
    assert client.get("/archives/2024/11/").status_code == 404
    future = timezone.localtime(timezone.now() + datetime.timedelta(days=40))
    assert client.get(f"/archives/{future.year}/{future.month}/").status_code == 404


def test_article_date_leads_to_its_month_archive(client):
    article = factories.article(published_at=paris(2024, 11, 30, 23, 50))
    page = html(client.get(article.get_absolute_url()))
    assert '<a href="/archives/2024/11/"><time datetime="2024-11-30T23:50:00+0100">30 novembre 2024</time></a>' in page
