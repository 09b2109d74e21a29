"""Mentions: the first mention of an article's person links to their page, at render time."""

import datetime

import pytest
from django.utils import timezone

from articles.mentions import MentionLinker, candidate_names, people_to_attach
from articles.models import Article, Block
from people.models import CareerEntry, Organisation, Person
from tests import factories

pytestmark = pytest.mark.django_db


def link(people, *texts):
    linker = MentionLinker(people)
    return [linker.link(text) for text in texts]


def test_only_the_first_mention_is_linked_across_paragraphs():
    weng = factories.person(name="Lilian Weng")
    first, second = link([weng], "<p>Lilian Weng part. Lilian Weng le confirme.</p>", "<p>Lilian Weng encore.</p>")
    assert first == (
        '<p><a href="/personnes/lilian-weng/" class="mention">Lilian Weng</a> part. Lilian Weng le confirme.</p>'
    )
    assert second == "<p>Lilian Weng encore.</p>"


def test_a_name_inside_a_longer_word_is_not_a_mention():
    weng = factories.person(name="Weng")
    (text,) = link([weng], "<p>Les Wenger et Wengs, puis Weng.</p>")
    assert text == '<p>Les Wenger et Wengs, puis <a href="/personnes/weng/" class="mention">Weng</a>.</p>'


def test_a_name_shared_by_two_people_is_not_linked():
    (text,) = link(
        [factories.person(name="Jean Martin"), factories.person(name="Jean Martin", slug="jean-martin-2")],
        "<p>Jean Martin répond.</p>",
    )
    assert text == "<p>Jean Martin répond.</p>"


def test_accents_matter_as_typed():
    helene = factories.person(name="Hélène Durand")
    assert link([helene], "<p>Helene Durand et hélène Durand.</p>") == ["<p>Helene Durand et hélène Durand.</p>"]
    assert 'class="mention">Hélène Durand</a>' in link([helene], "<p>Hélène Durand.</p>")[0]


def test_existing_links_and_attributes_are_untouched():
    weng = factories.person(name="Lilian Weng")
    (text,) = link(
        [weng], '<p><a href="https://x.com/lilianweng" title="Lilian Weng">Lilian Weng</a> puis Lilian Weng.</p>'
    )
    assert text == (
        '<p><a href="https://x.com/lilianweng" title="Lilian Weng">Lilian Weng</a> puis '
        '<a href="/personnes/lilian-weng/" class="mention">Lilian Weng</a>.</p>'
    )


def test_article_page_links_the_first_mention_of_its_people_without_extra_queries(
    client, django_assert_max_num_queries
):
    weng = factories.person(name="Lilian Weng")
    article = factories.article(people=[weng])
    factories.block(article, text="Lilian Weng quitte OpenAI. Weng l’a dit : Lilian Weng part.")
    factories.block(article, kind=Block.Kind.HEADING, text="Lilian Weng")
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('class="mention"') == 1
    assert '<p><a href="/personnes/lilian-weng/" class="mention">Lilian Weng</a> quitte OpenAI.' in page
    assert "<h2>Lilian Weng</h2>" in page


def test_admin_suggests_people_named_but_not_attached():
    weng = factories.person(name="Lilian Weng")
    leike = factories.person(name="Jan Leike")
    factories.person(name="Personne Absente")
    article = factories.article(people=[weng])
    factories.block(article, text="<p>Lilian Weng et Jan Leike sont partis.</p>")
    assert people_to_attach(article) == [leike]
    assert {"Lilian Weng", "Jan Leike", "Weng", "Lilian"} <= candidate_names(["<p>Lilian Weng et Jan Leike</p>"])


def test_embedded_career_edit_moves_the_articles_updated_date(client):
    """Correcting a career shown by a timeline embed updates the article page and its date."""
    weng = factories.person(name="Lilian Weng")
    entry = factories.career_entry(person=weng, summary="Arrivée dans l’équipe robotique")
    article = factories.article(published_at=timezone.now() - datetime.timedelta(days=30))
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=weng)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    for model in (Article, Person, CareerEntry, Organisation):
        model.objects.update(updated_at=month_ago)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "mis à jour le" not in page

    entry.summary = "Arrivée dans l’équipe de robotique"
    entry.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Arrivée dans l’équipe de robotique" in page
    today = timezone.localdate().isoformat()
    assert "mis à jour le" in page and f'datetime="{today}T' in page.split("mis à jour le", 1)[1]
    article.refresh_from_db()
    assert article.updated_at < entry.updated_at


def test_article_change_form_lists_people_to_attach(client):
    from django.contrib.auth.models import Group, User
    from django.urls import reverse

    editor = User.objects.create_user("editrice", password="une-phrase-de-passe", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    weng, leike = factories.person(name="Lilian Weng"), factories.person(name="Jan Leike")
    article = factories.article(people=[weng])
    factories.block(article, text="<p>Lilian Weng et Jan Leike sont partis.</p>")
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    note = page.split("Personnes nommées dans le texte, à rattacher", 1)[1].split('class="form-row', 1)[0]
    assert f'<a href="/admin/people/person/{leike.pk}/change/">Jan Leike</a>' in note
    assert "Lilian Weng" not in note
