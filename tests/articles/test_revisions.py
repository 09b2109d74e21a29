"""Revisions: every save of an article (blocks and FAQ included) is kept, with who and
when; any two can be compared in a readable, escaped diff; an old one can be brought back
as a new revision, without touching the article's publication state."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article
from tests.articles.workflow_support import article_by, change_url, form_payload, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return staff_in("Editors", "editeur")


@pytest.fixture
def client_as(editor):
    client = Client()
    client.force_login(editor)
    return client


def save_through_admin(client, article, **changes):
    data = form_payload(client, article)
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    article.refresh_from_db()


def compare_url(article):
    return reverse("admin:articles_article_compare", args=[article.pk])


def test_each_admin_save_is_a_revision_with_its_blocks_and_faq(client_as, editor):
    article = article_by(editor, headline="Version une", slug="versions")
    count = Version.objects.get_for_object(article).count()

    save_through_admin(client_as, article, headline="Version deux", **{"blocks-0-text": "Texte deux."})

    versions = Version.objects.get_for_object(article)
    assert versions.count() == count + 1
    latest = versions.first()
    assert latest.revision.user == editor
    assert latest.field_dict["headline"] == "Version deux"
    stored_blocks = [
        version.field_dict["text"]
        for version in latest.revision.version_set.all()
        if version.content_type.model == "block"
    ]
    assert stored_blocks == ["Texte deux."]
    assert any(version.content_type.model == "faqentry" for version in latest.revision.version_set.all())


def test_compare_page_shows_who_when_and_a_readable_escaped_diff(client_as, editor):
    article = article_by(editor, headline="Avant", slug="diff")
    save_through_admin(
        client_as,
        article,
        headline="Après <b>gras</b>",
        **{"blocks-0-text": "Paragraphe modifié.", "faq_entries-0-question": "Nouvelle question ?"},
    )

    response = client_as.get(compare_url(article))

    assert response.status_code == 200
    changes = {change.label: change.lines for change in response.context["changes"]}
    assert changes["titre"] == [("-", "Avant"), ("+", "Après <b>gras</b>")]
    assert ("-", "[paragraphe] Premier paragraphe.") in changes["Corps de l’article"]
    assert ("+", "[paragraphe] Paragraphe modifié.") in changes["Corps de l’article"]
    # Saved with French typography: a narrow no-break space before « ? ».
    assert ("+", "Nouvelle question\u202f?") in changes["FAQ"]
    content = response.content.decode()
    assert "Après &lt;b&gt;gras&lt;/b&gt;" in content and "<b>gras</b>" not in content
    assert "editeur" in content  # who saved each revision


def test_any_two_revisions_can_be_compared(client_as, editor):
    article = article_by(editor, headline="Un", slug="trois-versions")
    save_through_admin(client_as, article, headline="Deux")
    save_through_admin(client_as, article, headline="Trois")
    versions = list(Version.objects.get_for_object(article))  # newest first

    response = client_as.get(compare_url(article), {"a": versions[-1].pk, "b": versions[0].pk})

    changes = {change.label: change.lines for change in response.context["changes"]}
    assert changes["titre"] == [("-", "Un"), ("+", "Trois")]


def test_revert_brings_back_text_blocks_and_faq_as_a_new_revision(client_as, editor):
    article = article_by(
        editor,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
        headline="Original",
        slug="revert",
    )
    first = Version.objects.get_for_object(article).first()
    data = form_payload(client_as, article)
    data.update(
        {
            "headline": "Réécrit",
            "blocks-0-DELETE": "on",  # the original paragraph removed
            "faq_entries-0-answer": "Réponse changée.",
        }
    )
    assert client_as.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.blocks.count() == 0
    count = Version.objects.get_for_object(article).count()

    response = client_as.post(reverse("admin:articles_article_revert", args=[article.pk, first.pk]))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Original"
    assert [block.text for block in article.blocks.all()] == ["Premier paragraphe."]
    assert [entry.answer for entry in article.faq_entries.all()] == ["Une réponse."]
    # Still online: reverting the words does not touch the publication state.
    assert article.is_live
    versions = Version.objects.get_for_object(article)
    assert versions.count() == count + 1
    assert versions.first().revision.get_comment().startswith("Version du ")


def test_revert_of_a_published_article_by_a_journalist_is_refused(client):
    journalist = staff_in("Journalists", "journaliste")
    article = article_by(journalist, status=Article.Status.PUBLISHED, published_at=timezone.now())
    article.headline = "Changé par un éditeur"
    services.article_save(article=article, by=staff_in("Editors", "editeur"))
    oldest = Version.objects.get_for_object(article).last()
    client.force_login(journalist)
    response = client.post(reverse("admin:articles_article_revert", args=[article.pk, oldest.pk]))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Changé par un éditeur"


def test_reversions_own_revert_form_leads_to_the_comparison(client_as, editor):
    """django-reversion's history links open our comparison page, whose revert goes through
    the service (its own form-based revert would skip the workflow's checks)."""
    article = article_by(editor, slug="lien-reversion")
    version = Version.objects.get_for_object(article).first()
    response = client_as.get(reverse("admin:articles_article_revision", args=[article.pk, version.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(compare_url(article))


def test_transitions_are_revisions_too(editor):
    article = article_by(editor, status=Article.Status.REVIEW, slug="transition-revision")
    count = Version.objects.get_for_object(article).count()
    services.article_publish(article=article, by=editor, seen_version=article.version)
    latest = Version.objects.get_for_object(article).first()
    assert Version.objects.get_for_object(article).count() == count + 1
    assert latest.revision.get_comment() == "Statut : en relecture → publié"
    assert latest.field_dict["status"] == "published"
