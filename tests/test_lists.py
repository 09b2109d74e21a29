"""Every list of articles is paginated the same way: a « Page suivante » link, a canonical URL
per page, and bad ?page= values land on the first or last page, never an error; each list
costs the same queries however many articles it holds."""

import datetime
import re

import pytest
from django.utils import timezone

from articles import archives
from articles import views as article_views
from people import views as people_views
from tests import factories

pytestmark = pytest.mark.django_db

PER_PAGE = 2
NOVEMBER_20 = timezone.make_aware(datetime.datetime(2024, 11, 20, 12, 0))


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(article_views, "PAGE_SIZE", PER_PAGE)
    monkeypatch.setattr(people_views, "ARTICLES_PAGE_SIZE", PER_PAGE)
    monkeypatch.setattr(archives, "PAGE_SIZE", PER_PAGE)


def make_list(kind: str):
    """The URL of a ``kind`` list and a function adding one article to it (newest first: the
    n-th article added is older than the previous ones)."""
    count = iter(range(1000))
    extra = {}
    url = {"home": "/", "archive": "/archives/2024/11/", "tag": "/mots-cles/liste/"}.get(kind)
    if kind == "section":
        extra["section"] = factories.section(slug="liste")
        url = "/rubriques/liste/"
    elif kind == "tag":
        extra["tags"] = ["liste"]
    elif kind == "person":
        extra["people"] = [factories.person(slug="liste")]
        url = "/personnes/liste/"
    elif kind == "organisation":
        organisation = factories.organisation(slug="liste")
        url = "/organisations/liste/"

    def add():
        index = next(count)
        article = factories.article(
            headline=f"Liste {index:02d}",
            published_at=NOVEMBER_20 - datetime.timedelta(hours=index),
            authors=[factories.person()],
            **extra,
        )
        if kind == "organisation":
            article.organisations.add(organisation)

    return url, add


KINDS = ["home", "section", "tag", "person", "organisation", "archive"]


def page(client, url, number=None) -> str:
    response = client.get(url, {"page": number} if number is not None else {})
    assert response.status_code == 200, (url, number)
    return response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_list_is_paginated_with_a_next_page_link_and_a_canonical_url_per_page(client, kind):
    url, add = make_list(kind)
    for _ in range(5):
        add()
    first = page(client, url)
    assert "Liste 00" in first and "Liste 01" in first and "Liste 02" not in first
    assert re.search(r'<a href="\?page=2(#articles)?" rel="next">Page suivante</a>', first)
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in first
    second = page(client, url, 2)
    # No « sur 3 »: public lists are not counted (one query fewer per page).
    assert "Liste 02" in second and "Liste 03" in second and '<span aria-current="page">Page 2</span>' in second
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}?page=2">' in second
    last = page(client, url, 3)
    assert "Liste 04" in last and 'rel="next"' not in last


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("value", "lands_on"),
    [
        ("abc", "Liste 00"),
        ("", "Liste 00"),
        ("1.5", "Liste 00"),
        ("-1", "Liste 04"),
        ("0", "Liste 04"),
        ("100000000000000000000", "Liste 04"),
    ],
)
def test_bad_page_numbers_land_on_the_first_or_last_page(client, kind, value, lands_on):
    url, add = make_list(kind)
    for _ in range(5):
        add()
    assert lands_on in page(client, url, value)


@pytest.mark.parametrize(
    ("kind", "queries"),
    # [The subject and what its page shows besides], page of articles (one row more than
    # shown, no count), their authors: a tag's people; a person's career and tags; an
    # organisation's careers and its people's tags; the months before and after an archive.
    # The sections menu comes from the cache.
    [("home", 2), ("section", 3), ("tag", 4), ("person", 5), ("organisation", 5), ("archive", 4)],
)
def test_list_query_count_is_pinned_and_does_not_grow(client, django_assert_num_queries, kind, queries):
    url, add = make_list(kind)
    for _ in range(3):
        add()
    client.get("/")  # the first page after a change fills the sections menu's cache
    with django_assert_num_queries(queries):
        page(client, url, 2)
    for _ in range(10):
        add()
    with django_assert_num_queries(queries):
        page(client, url, 2)


def test_an_empty_home_page_says_so(client):
    assert "Aucun article publié pour le moment." in page(client, "/", "abc")
