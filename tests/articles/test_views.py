"""The public article pages: what a reader sees, what they never see, and at what query cost."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block
from people.dates import Precision
from tests import factories

pytestmark = pytest.mark.django_db

PARIS_NOON = datetime.time(12, 0)


def paris(year, month, day):
    return timezone.make_aware(datetime.datetime.combine(datetime.date(year, month, day), PARIS_NOON))


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def in_order(page: str, *snippets: str) -> bool:
    positions = [page.index(snippet) for snippet in snippets]
    return positions == sorted(positions)


def rich_article(*, size: int):
    """An article with ``size`` of everything: blocks of each kind, FAQ entries, tags,
    authors, people, timeline entries and people-list members."""
    org = factories.organisation()
    people = [factories.person() for _ in range(size)]
    for index, member in enumerate(people):
        for year in range(size):
            factories.career_entry(
                person=member,
                organisation=org,
                summary=f"Rôle {index}-{year}",
                start_date=datetime.date(2010 + year, 1, 1),
            )
    plist = factories.people_list(organisation_obj=org, people=people)
    article = factories.article(
        authors=people, people=people, tags=[f"mot {i}" for i in range(size)], section=factories.section()
    )
    for index in range(size):
        factories.block(article, kind=Block.Kind.HEADING, text=f"Intertitre {index}")
        factories.block(article, text=f"<p>Paragraphe {index}</p>")
        factories.block(article, kind=Block.Kind.QUOTE, text="Dit", speaker=people[index], source="X")
        factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=people[index], timeline_organisation=org)
        factories.block(article, kind=Block.Kind.PEOPLE_LIST, people_list=plist)
        factories.faq_entry(article)
    factories.block(article, kind=Block.Kind.FAQ)
    return article


# --- Home, section, tag ---------------------------------------------------------------------------


def test_home_lists_published_cards_with_section_french_date_and_authors(client, django_assert_num_queries):
    section = factories.section(name="Technologie")
    author = factories.person(name="Camille Durand")
    factories.article(
        headline="La une du jour",
        standfirst="Le chapeau de la une.",
        section=section,
        authors=[author],
        published_at=paris(2024, 11, 15),
    )
    factories.article(headline="Brouillon secret", status=Article.Status.DRAFT)
    # Content generation and sections menu (cold: the menu is cached under the generation),
    # page of articles, their authors (no count: public lists are not counted).
    with django_assert_num_queries(4):
        page = html(client.get("/"))
    assert "La une du jour" in page and "Le chapeau de la une." in page
    assert "Technologie" in page and "Camille Durand" in page
    assert "15 novembre 2024" in page
    assert "Brouillon secret" not in page


def test_base_layout_has_skip_link_nav_canonical_open_graph_and_back_to_top(client):
    factories.section(name="Sciences", slug="sciences")
    page = html(client.get("/"))
    assert '<html lang="fr">' in page
    assert 'href="#contenu"' in page and '<main id="contenu"' in page
    assert '<a href="/rubriques/sciences/"' in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/">' in page
    assert '<meta property="og:title"' in page and '<meta name="description"' in page
    assert '<a href="#top" class="back-to-top">Haut de page</a>' in page
    assert 'id="top"' in page


def test_pages_have_no_inline_style_or_script_and_json_ld_carries_the_csp_nonce(client):
    article = rich_article(size=1)
    response = client.get(article.get_absolute_url())
    page = html(response)
    assert "style=" not in page and "<style" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    for attributes in scripts:
        # External scripts come from 'self'; the only inline ones are JSON-LD with the nonce.
        assert "src=" in attributes or ('type="application/ld+json"' in attributes and f'nonce="{nonce}"' in attributes)


def test_section_page_is_paginated_and_survives_bad_page_numbers(client, django_assert_num_queries):
    section = factories.section(name="Économie", slug="economie")
    for index in range(25):
        factories.article(headline=f"Éco {index:02d}", section=section)
    factories.article(headline="Éco brouillon", section=section, status=Article.Status.DRAFT)
    url = section.get_absolute_url()
    # Content generation, nav, section, page of articles, their authors.
    with django_assert_num_queries(5):
        first = html(client.get(url))
    assert "Éco 24" in first and "Page suivante" in first and "Éco brouillon" not in first
    assert "Éco 00" in html(client.get(url, {"page": 2}))
    for bad in ("abc", "-1", "0", "99999999999999999999", ""):
        assert client.get(url, {"page": bad}).status_code == 200


def test_unknown_section_is_404(client):
    assert client.get(reverse("articles:section", kwargs={"slug": "inconnue"})).status_code == 404


def test_tag_page_lists_published_articles_and_people_with_the_tag(client, django_assert_num_queries):
    factories.article(headline="Article étiqueté", tags=["sécurité de l’IA"])
    factories.article(headline="Brouillon étiqueté", tags=["sécurité de l’IA"], status=Article.Status.DRAFT)
    factories.person(name="Lilian Weng").tags.add("sécurité de l’IA")
    # Content generation, nav, tag, page of articles, their authors, people.
    with django_assert_num_queries(6):
        page = html(client.get(reverse("articles:tag", kwargs={"slug": "securite-de-lia"})))
    assert "Article étiqueté" in page and "Lilian Weng" in page
    assert "Brouillon étiqueté" not in page


def test_unknown_tag_is_404(client):
    assert client.get(reverse("articles:tag", kwargs={"slug": "inconnu"})).status_code == 404


def test_a_tag_only_drafts_carry_has_no_page_and_no_feed(client):
    """Its page would announce a story not yet published: 404 until the story is out."""
    draft = factories.article(headline="Scoop à venir", tags=["Fusion secrète"], status=Article.Status.DRAFT)
    for url in (
        "/mots-cles/fusion-secrete/",
        "/mots-cles/fusion-secrete/flux/rss/",
        "/mots-cles/fusion-secrete/flux/atom/",
    ):
        assert client.get(url).status_code == 404, url
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert "Scoop à venir" in html(client.get("/mots-cles/fusion-secrete/"))
    assert client.get("/mots-cles/fusion-secrete/flux/rss/").status_code == 200


# --- Article page ---------------------------------------------------------------------------------


def test_article_renders_headline_standfirst_byline_and_blocks_in_position_order(client):
    author = factories.person(name="Camille Durand")
    article = factories.article(
        headline="Le grand titre", standfirst="Le chapeau.", authors=[author], published_at=paris(2024, 11, 15)
    )
    # Created out of order: the page follows positions, not insertion order.
    factories.block(article, kind=Block.Kind.HEADING, text="Deuxième intertitre", position=3)
    factories.block(article, text="Premier paragraphe", position=0)
    factories.block(article, kind=Block.Kind.HEADING, text="Premier intertitre", position=1)
    factories.block(article, text="<p>Second <strong>paragraphe</strong></p>", position=2)
    page = html(client.get(article.get_absolute_url()))
    assert in_order(
        page,
        "<h1>Le grand titre</h1>",
        '<p class="standfirst">Le chapeau.</p>',
        '<a href="/personnes/camille-durand/" rel="author">Camille Durand</a>',
        "15 novembre 2024",
        "<p>Premier paragraphe</p>",
        "<h2>Premier intertitre</h2>",
        "<p>Second <strong>paragraphe</strong></p>",
        "<h2>Deuxième intertitre</h2>",
    )


def test_article_date_reads_1er_on_the_first_of_the_month(client):
    article = factories.article(published_at=paris(2024, 8, 1))
    assert "1er août 2024" in html(client.get(article.get_absolute_url()))


def test_quote_shows_text_speaker_linked_and_source(client):
    speaker = factories.person(name="Lilian Weng")
    nyt = factories.organisation(name="The New York Times")
    article = factories.article()
    factories.block(
        article,
        kind=Block.Kind.QUOTE,
        text="Après 7 ans chez OpenAI, je me sens prête",
        speaker=speaker,
        source="X (ex-Twitter)",
    )
    factories.block(
        article,
        kind=Block.Kind.QUOTE,
        text="faire plus de mal que de bien",
        speaker_name="Un ancien",
        source_organisation=nyt,
    )
    page = html(client.get(article.get_absolute_url()))
    assert re.search(
        r"<figure class=\"quote\">\s*<blockquote><p>Après 7 ans chez OpenAI, je me sens prête</p></blockquote>\s*"
        r'<figcaption><a href="/personnes/lilian-weng/">Lilian Weng</a> — <cite>X \(ex-Twitter\)</cite></figcaption>',
        page,
    )
    assert (
        '<figcaption>Un ancien — <cite><a href="/organisations/the-new-york-times/">The New York Times</a></cite>'
        in page
    )


def test_timeline_embed_is_read_from_career_entries_and_follows_corrections(client):
    openai = factories.organisation(name="OpenAI")
    elsewhere = factories.organisation(name="Ailleurs")
    weng = factories.person(name="Lilian Weng")
    arrival = factories.career_entry(person=weng, organisation=openai, summary="Arrivée dans l’équipe robotique")
    factories.career_entry(
        person=weng,
        organisation=openai,
        summary="Nomination comme VP recherche et sécurité",
        start_date=datetime.date(2024, 8, 1),
        start_precision=Precision.MONTH,
        end_date=datetime.date(2024, 11, 15),
        end_precision=Precision.DAY,
    )
    factories.career_entry(
        person=weng, organisation=elsewhere, summary="Stage ailleurs", start_date=datetime.date(2016, 1, 1)
    )
    article = factories.article()
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=weng, timeline_organisation=openai)
    factories.block(
        article,
        kind=Block.Kind.TIMELINE,
        timeline_person=weng,
        timeline_organisation=openai,
        date_display=Block.DateDisplay.PRECISE,
    )
    page = html(client.get(article.get_absolute_url()))
    assert in_order(page, "2018</time> : Arrivée dans l’équipe robotique", "2024</time> : Nomination comme VP")
    assert 'août 2024</time> – <time datetime="2024-11-15">15 novembre 2024</time> : Nomination' in page
    assert 'depuis <time datetime="2018">2018</time> : Arrivée' in page
    assert "Stage ailleurs" not in page  # filtered to the block's organisation

    arrival.summary = "Arrivée dans l’équipe de robotique"
    arrival.start_date = datetime.date(2017, 1, 1)
    arrival.save()
    page = html(client.get(article.get_absolute_url()))
    assert "2017</time> : Arrivée dans l’équipe de robotique" in page
    assert "2018</time>" not in page


def test_people_list_embed_shows_each_person_linked_with_their_role_from_career_entries(client):
    openai = factories.organisation(name="OpenAI")
    sutskever = factories.person(name="Ilya Sutskever")
    murati = factories.person(name="Mira Murati")
    factories.career_entry(
        person=sutskever, organisation=openai, summary="Co-fondateur et ancien directeur scientifique"
    )
    role = factories.career_entry(person=murati, organisation=openai, summary="CTO")
    plist = factories.people_list(organisation_obj=openai, people=[sutskever, murati], title="Départs notables")
    article = factories.article()
    factories.block(article, kind=Block.Kind.PEOPLE_LIST, people_list=plist)
    page = html(client.get(article.get_absolute_url()))
    assert in_order(
        page,
        '<a href="/personnes/ilya-sutskever/">Ilya Sutskever</a> – Co-fondateur et ancien directeur scientifique',
        '<a href="/personnes/mira-murati/">Mira Murati</a> – CTO',
    )
    role.summary = "Ancienne CTO"
    role.save()
    assert '<a href="/personnes/mira-murati/">Mira Murati</a> – Ancienne CTO' in html(
        client.get(article.get_absolute_url())
    )


def test_faq_sits_where_its_block_is(client):
    article = factories.article()
    factories.block(article, kind=Block.Kind.HEADING, text="Avant la FAQ")
    factories.block(article, kind=Block.Kind.FAQ)
    factories.block(article, kind=Block.Kind.HEADING, text="Après la FAQ")
    factories.faq_entry(
        article, question="Pourquoi tant de départs chez OpenAI ?", answer="<p>Les raisons sont multiples.</p>"
    )
    factories.faq_entry(article, question="Où vont ces experts ?")
    page = html(client.get(article.get_absolute_url()))
    assert in_order(
        page,
        "<h2>Avant la FAQ</h2>",
        '<h2 id="faq">FAQ</h2>',
        "<h3>Pourquoi tant de départs chez OpenAI ?</h3>",
        "<p>Les raisons sont multiples.</p>",
        "<h3>Où vont ces experts ?</h3>",
        "<h2>Après la FAQ</h2>",
    )
    assert page.count('<h2 id="faq">') == 1


def test_faq_goes_at_the_end_of_the_body_without_a_faq_block(client):
    article = factories.article()
    factories.block(article, kind=Block.Kind.HEADING, text="Dernier intertitre")
    factories.faq_entry(article, question="Une question ?")
    page = html(client.get(article.get_absolute_url()))
    assert in_order(page, "<h2>Dernier intertitre</h2>", '<h2 id="faq">FAQ</h2>', "<h3>Une question ?</h3>")


def test_article_links_its_tags_and_people(client):
    weng = factories.person(name="Lilian Weng")
    article = factories.article(tags=["sécurité de l’IA"], people=[weng])
    page = html(client.get(article.get_absolute_url()))
    assert '<a href="/mots-cles/securite-de-lia/" rel="tag">sécurité de l’IA</a>' in page
    assert '<a href="/personnes/lilian-weng/">Lilian Weng</a>' in page


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + datetime.timedelta(hours=1)},
    ],
    ids=["draft", "review", "unpublished", "scheduled"],
)
def test_article_not_yet_or_no_longer_public_answers_exactly_like_an_unknown_slug(client, changes):
    article = factories.article(headline="Pas encore public")
    Article.objects.filter(pk=article.pk).update(**changes)
    hidden = client.get(article.get_absolute_url())
    unknown = client.get(reverse("articles:detail", kwargs={"slug": "nexiste-pas"}))
    assert hidden.status_code == unknown.status_code == 404
    assert "Pas encore public" not in hidden.content.decode()
    # Same page as for an unknown slug (the CSP nonce is the only difference).
    strip_nonce = re.compile(r'nonce="[^"]*"')
    assert strip_nonce.sub("", hidden.content.decode()) == strip_nonce.sub("", unknown.content.decode())


def test_article_page_query_count_is_pinned_and_does_not_grow_with_content(client, django_assert_num_queries):
    small, big = rich_article(size=1), rich_article(size=4)
    client.get("/")  # fills the sections menu's cache
    # Article+section, blocks (+speaker, embeds' objects), authors + people cited + the
    # people lists' members (one UNION), the careers timelines and lists show, tags + FAQ
    # (one UNION).
    with django_assert_num_queries(5):
        small_page = html(client.get(small.get_absolute_url()))
    with django_assert_num_queries(5):
        big_page = html(client.get(big.get_absolute_url()))
    assert small_page.count("<h3>") == 1 and big_page.count("<h3>") == 4
    assert big_page.count('<ol class="timeline"') == 4 and "Rôle 3-3" in big_page


def test_an_article_with_everything_and_pictures_takes_six_queries(client, django_assert_num_queries):
    """Like the seed story: timelines, a people list, quotes, FAQ, tags, a hero and body images."""
    article = rich_article(size=3)
    article.hero_image = factories.image(alt_text="La une")
    article.save()
    factories.block(article, kind=Block.Kind.IMAGE, image=factories.image(alt_text="Dans le corps"))
    client.get("/")  # fills the sections menu's cache
    # The five above + every picture's renditions.
    with django_assert_num_queries(6):
        page = html(client.get(article.get_absolute_url()))
    assert page.count("<picture>") == 2 and page.count('<ol class="timeline"') == 3
    assert page.count('rel="tag"') == 3 and page.count("<h3>") == 3


def test_tags_keep_the_order_they_were_added_and_the_faq_its_positions(client):
    article = factories.article()
    for name in ("zèbre", "abeille", "mouette"):
        article.tags.add(name)
    for position, question in ((2, "Troisième ?"), (0, "Première ?"), (1, "Deuxième ?")):
        factories.faq_entry(article, position=position, question=question)
    page = html(client.get(article.get_absolute_url()))
    assert re.findall(r'rel="tag">([^<]+)<', page) == ["zèbre", "abeille", "mouette"]
    assert re.findall(r"<h3>([^<]+)</h3>", page) == ["Première ?", "Deuxième ?", "Troisième ?"]


def test_article_without_embeds_or_extras_still_renders_in_few_queries(client, django_assert_num_queries):
    article = factories.article()
    # Content generation and sections menu (cold cache), article+section, blocks, people,
    # tags + FAQ: no career to read.
    with django_assert_num_queries(6):
        html(client.get(article.get_absolute_url()))


def test_404_page_is_in_the_site_style(client):
    page = client.get("/nulle-part/").content.decode()
    assert "Page introuvable" in page and 'class="site-header"' in page


def test_500_page_renders_without_context_processors_or_database():
    from django.template import loader

    page = loader.get_template("500.html").render({})
    assert "Erreur du serveur" in page and '<html lang="fr">' in page
