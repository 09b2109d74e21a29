"""Previews: staff see any article at /apercu/<pk>/, outsiders through a signed, expiring,
revocable share link; both marked as previews, never indexed, never cached."""

import datetime
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, ShareLink
from tests.articles.workflow_support import article_by, change_url, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist():
    return staff_in("Journalists", "journaliste")


@pytest.fixture
def editor():
    return staff_in("Editors", "editeur")


@pytest.fixture
def draft(journalist):
    return article_by(journalist, headline="Un brouillon secret", slug="brouillon-secret")


def assert_private_preview(response):
    assert response.status_code == 200
    content = response.content.decode()
    assert "Un brouillon secret" in content
    assert 'class="preview-banner"' in content and "Aperçu" in content
    assert '<meta name="robots" content="noindex">' in content
    assert response["X-Robots-Tag"] == "noindex"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_staff_preview_any_state(client, journalist, draft):
    """A journalist previews a colleague's draft; the page is the public template, marked."""
    client.force_login(staff_in("Journalists", "collegue"))
    response = client.get(reverse("articles:preview", args=[draft.pk]))
    assert_private_preview(response)
    assert "Premier paragraphe." in response.content.decode()  # the body, from the real template
    assert "pas encore visible des lecteurs" in response.content.decode()


def test_anonymous_preview_goes_to_login(client, draft):
    response = client.get(reverse("articles:preview", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_reader_account_without_staff_rights_sees_nothing(client, draft):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("lecteur"))
    assert client.get(reverse("articles:preview", args=[draft.pk])).status_code == 404


def test_public_url_of_a_draft_is_still_404(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_preview_is_never_stored_by_the_page_cache(client, settings, editor, draft):
    """Even with the page cache on, an anonymous share page is rendered fresh each time, so a
    revoked link stops working at once."""
    settings.PAGE_CACHE_SECONDS = 300
    link = services.share_link_create(article=draft, by=editor, expires_at=timezone.now() + datetime.timedelta(days=1))
    assert_private_preview(client.get(link.get_absolute_url()))
    services.share_link_revoke(link=link, by=editor)
    assert client.get(link.get_absolute_url()).status_code == 404


def test_editor_creates_a_share_link_from_the_admin_and_an_outsider_opens_it(client, editor, draft):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_share", args=[draft.pk]), {"days": "7"})
    assert response.status_code == 302
    link = ShareLink.objects.get()
    assert link.article == draft and link.created_by == editor
    assert link.expires_at > timezone.now() + datetime.timedelta(days=6)
    page = client.get(change_url(draft)).content.decode()
    assert link.get_absolute_url() in page  # listed on the article's page, with a revoke button

    outsider = Client()
    response = outsider.get(link.get_absolute_url())
    assert_private_preview(response)
    assert "lien valable jusqu’au" in response.content.decode()


def test_journalists_cannot_create_share_links(client, journalist, draft):
    client.force_login(journalist)
    response = client.post(reverse("admin:articles_article_share", args=[draft.pk]), {"days": "7"})
    assert response.status_code == 403
    assert not ShareLink.objects.exists()


def test_revoked_link_answers_404(client, editor, draft):
    link = services.share_link_create(article=draft, by=editor, expires_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_share_revoke", args=[draft.pk, link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(link.get_absolute_url()).status_code == 404


def test_expired_link_answers_404(editor, draft, monkeypatch):
    link = services.share_link_create(article=draft, by=editor, expires_at=timezone.now() + datetime.timedelta(hours=1))
    url = link.get_absolute_url()
    assert Client().get(url).status_code == 200
    later = timezone.now() + datetime.timedelta(hours=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert Client().get(url).status_code == 404


def test_tampered_token_answers_404(editor, draft, journalist):
    """Changing the link id inside the token, or any character of it, breaks the signature."""
    link = services.share_link_create(article=draft, by=editor, expires_at=timezone.now() + datetime.timedelta(days=1))
    other = article_by(journalist, headline="Autre brouillon", slug="autre")
    other_link = services.share_link_create(
        article=other, by=editor, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    token = link.token
    forged = signing.dumps({"link": other_link.pk}, salt="autre-sel", compress=True)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (forged, flipped, "pas-un-jeton", token + "x"):
        assert Client().get(reverse("articles:share", args=[bad])).status_code == 404


def test_a_link_opens_its_own_article_only(editor, draft, journalist):
    """A valid link shows its article, never another one, whatever the URL around it."""
    other = article_by(journalist, headline="Autre brouillon", slug="autre")
    link = services.share_link_create(article=other, by=editor, expires_at=timezone.now() + datetime.timedelta(days=1))
    content = Client().get(link.get_absolute_url()).content.decode()
    assert "Autre brouillon" in content and "Un brouillon secret" not in content
    assert Client().get(reverse("articles:preview", args=[draft.pk])).status_code == 302


def test_share_link_of_a_published_article_still_marks_the_preview(editor, journalist):
    article = article_by(journalist, status=Article.Status.PUBLISHED, published_at=timezone.now())
    link = services.share_link_create(
        article=article, by=editor, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    response = Client().get(link.get_absolute_url())
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_a_share_links_address_is_the_same_every_time(editor, draft, monkeypatch):
    """The address shown in the admin today is the one the outsider was sent yesterday."""
    link = services.share_link_create(article=draft, by=editor, expires_at=timezone.now() + datetime.timedelta(days=3))
    first = link.get_absolute_url()
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert link.get_absolute_url() == first
    # A token in the older, timestamped form still opens the link.
    old_token = signing.dumps({"link": link.pk}, salt=ShareLink.SALT, compress=True)
    assert ShareLink.id_from_token(old_token) == link.pk
    assert ShareLink.id_from_token(first.rstrip("/").rsplit("/", 1)[-1]) == link.pk
    assert ShareLink.id_from_token(first.rstrip("/").rsplit("/", 1)[-1] + "x") is None
