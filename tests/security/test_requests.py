"""Forged and hostile requests: CSRF, state change on GET, open redirects, hostile query strings.
Each answers with a refusal or a plain page, changes nothing, and never a 500."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from articles.models import Article, ShareLink
from tests import factories

pytestmark = pytest.mark.django_db


def staff(group: str, username: str, password: str | None = None) -> User:
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_post_without_the_csrf_token_changes_nothing():
    """A page on another site that makes an editor's browser post to the admin is refused."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff("Editors", "redactrice"))
    article = factories.article(status=Article.Status.REVIEW, published_at=None)
    for url, data in [
        (reverse("admin:articles_article_transition", args=[article.pk, "publish"]), {}),
        (reverse("admin:articles_article_share", args=[article.pk]), {"days": "3"}),
        (reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}),
        (
            reverse("admin:articles_article_changelist"),
            {"action": "publish_selected", "_selected_action": [article.pk]},
        ),
    ]:
        assert browser.post(url, data).status_code == 403, url
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and not ShareLink.objects.exists()


def test_operations_refuse_get(client):
    """A link (an <img src>, a prefetch) must never publish, revoke or revert."""
    editor = staff("Editors", "redactrice")
    client.force_login(editor)
    article = factories.article(status=Article.Status.REVIEW, published_at=None)
    link = ShareLink.objects.create(
        article=article, created_by=editor, expires_at=article.created_at.replace(year=2100)
    )
    for url in [
        reverse("admin:articles_article_transition", args=[article.pk, "publish"]),
        reverse("admin:articles_article_share_revoke", args=[article.pk, link.pk]),
        reverse("admin:articles_article_revert", args=[article.pk, 1]),
    ]:
        assert client.get(url).status_code == 405, url
    article.refresh_from_db()
    link.refresh_from_db()
    assert article.status == Article.Status.REVIEW and link.revoked_at is None


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_login_never_sends_the_user_to_another_site(client, target):
    staff("Editors", "redactrice", password="une-phrase-de-passe-longue")
    response = client.post(
        reverse("admin:login") + f"?next={target}",
        {"username": "redactrice", "password": "une-phrase-de-passe-longue", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize(
    "query",
    [
        "o=999",
        "o=abc",
        "o=-1.-2",
        "status=%3Cscript%3E",
        "published_at__gte=pas-une-date",
        "published_at__year=99999",
        "section__id__exact=abc",
        "tags__id__exact=-1",
        "p=99999999999999999999",
        "q=" + "x" * 5000,
        "q=%00%ff%fe",
        "authors__id__exact=%00",
        "nonexistent_field=1",
        "e=1",
    ],
)
def test_hostile_admin_list_queries_never_fail(client, query):
    client.force_login(staff("Editors", "redactrice"))
    factories.article()
    for name in ("articles_article", "people_person", "people_organisation", "taggit_tag"):
        response = client.get(reverse(f"admin:{name}_changelist") + "?" + query)
        assert response.status_code in (200, 302), (name, query, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/?page=%00",
        "/?page=" + "9" * 500,
        "/recherche/?q=" + "é" * 3000,
        "/recherche/?q=%ff%fe%00",
        "/recherche/?q=a&page=-3",
        "/mots-cles/%00/",
        "/personnes/" + "a" * 3000 + "/",
        "/organisations/openai/?tag=%00",
        "/organisations/openai/?tag=" + "x" * 3000,
        "/archives/2024/%ff/",
        "/flux/rss/?page=abc",
        "/sitemap-articles.xml?p=abc",
        "/sitemap-articles.xml?p=999",
        "/apercu/abc/",
        "/apercu/partage/%ff%00/",
        "/?" + "&".join(f"x{i}=1" for i in range(1500)),  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
        "/?utm_source=%ff%00&fbclid=" + "x" * 3000,
    ],
)
def test_hostile_public_urls_answer_without_error(client, url):
    factories.organisation(name="OpenAI", slug="openai")
    response = client.get(url)
    assert response.status_code in (200, 301, 302, 400, 404), (url, response.status_code)


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH", "CONNECT", "PROPFIND"])
@pytest.mark.parametrize("url", ["/", "/admin/login/", "/flux/rss/", "/sitemap.xml", "/static/css/site.css"])
def test_methods_the_site_does_not_use_answer_405(client, method, url):
    response = client.generic(method, url)
    assert response.status_code == 405, (method, url, response.status_code)
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}


def test_the_methods_the_site_uses_still_answer(client):
    factories.article()
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200
    assert client.options("/").status_code != 405
    assert client.post("/admin/login/?next=/admin/", {"username": "x", "password": "y"}).status_code == 200
