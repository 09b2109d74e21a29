"""Reader search: what it finds, what it never shows, and how it survives any query.

The PostgreSQL-only behaviour (accents ignored by the French configuration, ranking,
ts_headline excerpts, the GIN index) is tested at the end and skipped on SQLite.
"""

import datetime
import os
import re

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils import timezone

from articles import admin_search, search
from articles.models import Article, Block
from people.models import Organisation, Person
from tests import factories

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search behaviour")


def get(client, query, **params):
    response = client.get("/recherche/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', page)


def test_finds_published_articles_by_headline_standfirst_and_body(client):
    by_headline = factories.article(
        headline="Départs chez Orbital", published_at=timezone.now() - datetime.timedelta(days=2)
    )
    by_standfirst = factories.article(headline="Un autre titre", standfirst="Les départs se multiplient.")
    by_body = factories.article(headline="Troisième")
    factories.block(by_body, text="<p>Une vague de <strong>départs</strong> inattendue.</p>")
    factories.article(headline="Sans rapport")
    titles = result_titles(get(client, "départs"))
    assert set(titles) == {by_headline.headline, by_standfirst.headline, by_body.headline}


def test_a_straight_apostrophe_finds_the_curly_one_typography_stores(client):
    """Readers type « l'IA »; French typography on save stores « l’IA »."""
    article = factories.article(headline="L’avenir de l’IA en question")
    assert result_titles(get(client, "l'avenir de l'IA")) == [article.headline]
    assert result_titles(get(client, "l’IA")) == [article.headline]


def test_body_text_follows_block_edits_and_deletions(client):
    article = factories.article(headline="Chronique")
    block = factories.block(article, text="<p>Le mot zéphyr apparaît.</p>")
    assert result_titles(get(client, "zéphyr")) == ["Chronique"]
    block.text = "<p>Plus rien.</p>"
    block.save()
    assert result_titles(get(client, "zéphyr")) == []
    faq = factories.faq_entry(article, question="Qu’est-ce qu’un zéphyr ?")
    assert result_titles(get(client, "zéphyr")) == ["Chronique"]
    faq.delete()
    assert result_titles(get(client, "zéphyr")) == []


def test_a_word_that_starts_a_paragraph_or_list_item_is_found(client):
    """Paragraphs and list items are indexed as separate lines: « fin.</p><p>Dernier » was
    indexed as « fin.Dernier », which PostgreSQL reads as one word, so « dernier » missed."""
    article = factories.article(headline="Chronique")
    factories.block(article, text="<p>C’est la fin.</p><p>Dernier paragraphe.</p><ul><li>un</li><li>deux</li></ul>")
    article.refresh_from_db()
    assert "fin.Dernier" not in article.search_document and "undeux" not in article.search_document
    assert result_titles(get(client, "dernier")) == ["Chronique"]
    assert result_titles(get(client, "deux")) == ["Chronique"]
    assert re.search(r"fin\.\s+<mark>Dernier</mark> paragraphe", get(client, "dernier"))


def test_editing_the_body_does_not_bump_the_article_edit_version():
    article = factories.article()
    version = Article.objects.get(pk=article.pk).version
    factories.block(article, text="<p>Texte</p>")
    assert Article.objects.get(pk=article.pk).version == version


@pytest.mark.parametrize(
    "status_kwargs",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.UNPUBLISHED, "published_at": timezone.now() - datetime.timedelta(days=1)},
        {"published_at": timezone.now() + datetime.timedelta(days=1)},
        {"embargo_until": timezone.now() + datetime.timedelta(days=1)},
    ],
)
def test_never_shows_an_article_readers_cannot_see(client, status_kwargs):
    factories.article(headline="Confidentiel secret", **status_kwargs)
    page = get(client, "confidentiel")
    assert "Confidentiel secret" not in page
    assert "Aucun article ne correspond à « confidentiel »." in page


def test_finds_people_and_organisations_by_name_ignoring_accents_and_case(client):
    person = factories.person(name="Hélène Dupré", short_description="chercheuse")
    organisation = factories.organisation(name="Éditions Lumière")
    page = get(client, "helene")
    assert f'<a href="{person.get_absolute_url()}">Hélène Dupré</a>' in page
    page = get(client, "LUMIERE")
    assert f'<a href="{organisation.get_absolute_url()}">Éditions Lumière</a>' in page


def test_people_are_found_by_their_current_name_and_description_after_edits(client):
    person = factories.person(name="Hélène Dupré", short_description="chercheuse")
    person.name = "Hélène Martin"
    person.save(update_fields=["name"])  # a partial save keeps the searched text too
    assert "Hélène Martin</a>" in get(client, "martin")
    assert "Hélène Martin</a>" not in get(client, "dupre")
    person.short_description = "Physicienne à l’École normale"
    person.save()
    assert "Hélène Martin</a>" in get(client, "ecole physicienne")
    assert "Hélène Martin</a>" not in get(client, "chercheuse")


def test_every_word_must_be_found_in_the_name_or_the_description_not_across_them(client):
    factories.person(name="Ada Lovelace", short_description="mathématicienne")
    assert "Ada Lovelace</a>" in get(client, "lovelace mathematicienne")
    assert "Ada Lovelace</a>" not in get(client, "lovelacemathematicienne")


def test_people_loaded_from_a_fixture_or_a_backup_are_searchable(tmp_path):
    """Restores go through loaddata, which skips save(): the folded text is made all the same,
    and a backup does not carry it (it is derived)."""
    import json

    from django.core import serializers
    from django.core.management import call_command

    person = factories.person(name="Hélène Dupré", short_description="chercheuse")
    dumped = json.loads(serializers.serialize("json", [person]))
    assert "search_text" not in dumped[0]["fields"]
    Person.objects.filter(pk=person.pk).delete()
    fixture = tmp_path / "people.json"
    fixture.write_text(json.dumps(dumped), encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)
    assert [found.name for found in search.search(query=search.clean_query("helene chercheuse")).people] == [
        "Hélène Dupré"
    ]


def test_generated_people_and_organisations_are_searchable():
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("generate_corpus", articles=2, people=3, tags=1, organisations=2, seed=7, stdout=quiet)
    person = Person.objects.get(slug="c7-personne-0")
    results = search.search(query=search.clean_query(person.name.split()[-1]))
    assert person in results.people
    organisation = Organisation.objects.get(slug="c7-org-0")
    assert organisation in search.search(query=search.clean_query(organisation.name)).organisations


def test_excerpt_highlights_the_words_and_escapes_everything_else(client):
    article = factories.article(headline="Titre <b>brut</b>", standfirst="Début <script>alert(1)</script> du texte.")
    factories.block(article, text="<p>La &lt;img src=x onerror=alert(1)&gt; sécurité compte.</p>")
    page = get(client, "securite")
    excerpt = re.search(r'<p class="search-excerpt">(.*?)</p>', page, re.S).group(1)
    body = page.split("</head>")[1]
    assert "<mark>sécurité</mark>" in excerpt
    assert "<script" not in body and "<img" not in body
    assert "Titre &lt;b&gt;brut&lt;/b&gt;" in page


def test_sqlite_excerpt_starts_and_ends_on_whole_words():
    text = ("Un long rebondissement dans la saga " * 6) + "où la sécurité compte " + ("et encore des mots " * 12)
    raw = search._python_excerpt(text, search.clean_query("sécurité"))
    assert raw.startswith("… ") and raw.endswith(" …")
    inner = raw[2:-2]
    words = set(text.split())
    assert inner.split()[0] in words and inner.split()[-1] in words
    assert search.START_SEL + "sécurité" + search.STOP_SEL in raw


def test_every_word_must_match(client):
    factories.article(headline="Lilian Weng quitte OpenAI")
    factories.article(headline="Lilian Martin arrive")
    assert result_titles(get(client, "lilian weng")) == ["Lilian Weng quitte OpenAI"]


def test_empty_or_blank_query_shows_the_form_with_a_message(client):
    page = get(client, "   ")
    assert 'role="search"' in page
    assert "Saisissez au moins un mot à rechercher." in page
    page = client.get("/recherche/").content.decode()
    assert 'role="search"' in page and "Saisissez" not in page


def test_very_long_query_is_cut_and_the_page_says_so(client):
    factories.article(headline="aaaa")
    page = get(client, "a" * 100_000)
    assert "seuls ses 200 premiers caractères ont été pris en compte" in page
    assert f'value="{"a" * 200}"' in page


@pytest.mark.parametrize(
    "query",
    ["%", "_", "%_%", "'", '"', "\\", "a\x00b", "\x00", "'; DROP TABLE articles_article; --", "ünï\u202ecode", "😀"],
)
def test_odd_queries_answer_a_page_and_match_literally(client, query):
    factories.article(headline="Rien à voir")
    page = get(client, query)
    assert "Rien à voir" not in page
    assert "\x00" not in page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="full-text search ignores punctuation")
def test_sqlite_percent_and_underscore_are_literal_characters(client):
    factories.article(headline="Hausse de 100 % des prix")
    factories.article(headline="Sans pourcentage")
    assert result_titles(get(client, "%")) == ["Hausse de 100 % des prix"]
    assert result_titles(get(client, "_")) == []


def test_nul_is_stripped_not_searched(client):
    factories.article(headline="Données brutes")
    assert "Données brutes" in get(client, "don\x00nées")


def test_undecodable_bytes_in_the_url_are_ignored(client):
    factories.article(headline="Climat")
    response = client.get("/recherche/?q=%ED%A0%80climat%FF")
    assert response.status_code == 200
    assert "Climat" in response.content.decode()


@pytest.mark.parametrize("page_param", ["abc", "-1", "0", "99999999999999999999", ""])
def test_bad_page_numbers_land_on_a_real_page(client, page_param):
    for index in range(3):
        factories.article(headline=f"Marée {index}")
    page = get(client, "marée", page=page_param)
    assert result_titles(page)


def test_results_are_paginated(client, settings):
    for index in range(25):
        factories.article(
            headline=f"Récolte {index}", published_at=timezone.now() - datetime.timedelta(hours=index + 1)
        )
    first = get(client, "récolte")
    assert len(result_titles(first)) == 20
    assert "25 articles trouvés pour « récolte »." in first
    assert 'href="?q=r%C3%A9colte&amp;page=2"' in first
    second = get(client, "récolte", page=2)
    assert len(result_titles(second)) == 5


def test_repeated_query_gives_the_same_page(client):
    factories.article(headline="Écho")
    assert get(client, "écho") == get(client, "écho")


def test_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    for index in range(15):
        article = factories.article(
            headline=f"Orage {index}", authors=[factories.person()], section=factories.section()
        )
        factories.block(article, text="<p>orage</p>")
    with django_assert_max_num_queries(8):
        get(client, "orage")


def test_results_page_is_not_indexed_by_search_engines(client):
    page = get(client, "x")
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page


def test_clean_query_rules():
    assert search.clean_query(None).text == ""
    assert search.clean_query("  deux   mots \t ").text == "deux mots"
    assert search.clean_query("a\x00b").text == "ab"
    assert search.clean_query("\ud800x").text == "x"
    long = search.clean_query("é" * 500)
    assert long.truncated and len(long.text) == search.MAX_QUERY_LENGTH
    assert not search.clean_query("é" * 200).truncated


def test_marks_are_balanced_even_with_stray_sentinels():
    raw = f"a {search.START_SEL}b{search.STOP_SEL} <c> {search.STOP_SEL}d {search.START_SEL}e"
    assert search._marks_to_html(raw) == "a <mark>b</mark> &lt;c&gt; d e"


# PostgreSQL ----------------------------------------------------------------------------


@postgres_only
def test_postgres_ignores_accents_and_stems_french(client):
    article = factories.article(headline="La sécurité des modèles")
    factories.block(article, text="<p>Les chercheuses démissionnent.</p>")
    assert result_titles(get(client, "securite")) == ["La sécurité des modèles"]
    assert result_titles(get(client, "SÉCURITÉ")) == ["La sécurité des modèles"]
    assert result_titles(get(client, "chercheuse")) == ["La sécurité des modèles"]


@postgres_only
def test_postgres_ranks_headline_matches_above_body_matches(client):
    factories.article(headline="Alignement des IA", published_at=timezone.now() - datetime.timedelta(days=30))
    for days, headline in ((20, "Archives"), (0, "Actualités"), (10, "Chronique")):
        body_match = factories.article(headline=headline, published_at=timezone.now() - datetime.timedelta(days=days))
        factories.block(body_match, text="<p>Il est question d’alignement, une fois.</p>")
    # Equal ranks (the same body): newest first.
    assert result_titles(get(client, "alignement")) == ["Alignement des IA", "Actualités", "Chronique", "Archives"]


@postgres_only
def test_postgres_excerpt_comes_from_ts_headline_escaped_with_marks(client):
    article = factories.article(headline="Note", standfirst="Des départs : 3 < 5 & plus.")
    factories.block(article, text="<p>Puis d’autres départs.</p>")
    page = get(client, "depart")
    excerpt = re.search(r'<p class="search-excerpt">(.*?)</p>', page, re.S).group(1)
    assert "<mark>départs</mark> : 3 &lt; 5 &amp; plus." in excerpt
    assert excerpt.count("<mark>départs</mark>") == 2


@postgres_only
def test_postgres_query_can_use_the_gin_index():
    factories.article(headline="Index")
    # Unordered: with the model's date ordering the planner may walk the date index instead.
    queryset = Article.objects.filter(
        search_vector=SearchQuery("index", config=search.CONFIG, search_type="websearch")
    ).order_by()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "articles_article_search_vector_idx" in plan


@postgres_only
def test_postgres_people_and_bylines_are_found_through_the_trigram_indexes():
    factories.person(name="Lilian Weng")
    factories.organisation(name="OpenAI")
    query = search.clean_query("weng")
    lookups = [
        (search._matching_folded(Person.objects.all(), query), "people_person_search_trgm"),
        (search._matching_folded(Organisation.objects.all(), query), "people_organisation_search_trgm"),
        (admin_search._people_named(query), "people_person_search_trgm"),
    ]
    for queryset, index in lookups:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            # Unordered: with the name ordering the planner may walk the name index instead.
            assert index in queryset.order_by().explain()


@postgres_only
def test_postgres_stored_vector_follows_headline_standfirst_and_body(client):
    """The trigger keeps the stored vector equal to search_vector() through every kind of write."""
    article = factories.article(headline="Tempête", standfirst="Un chapeau")
    block = factories.block(article, text="<p>Un paragraphe sur la grêle.</p>")

    def stored_matches_computed():
        row = Article.objects.annotate(computed=search.search_vector()).values("search_vector", "computed")
        row = row.get(pk=article.pk)
        return row["search_vector"] == row["computed"]

    assert stored_matches_computed()
    assert "Tempête" in get(client, "grêle")
    article.headline = "Ouragan"
    article.save()
    block.text = "<p>Un paragraphe sur la neige.</p>"
    block.save()
    assert stored_matches_computed()
    assert "Ouragan" in get(client, "neige") and "Ouragan" in get(client, "ouragan")
    assert "Aucun article ne correspond" in get(client, "grêle")
    Article.objects.filter(pk=article.pk).update(standfirst="Verglas au matin")  # no save(), no signal
    assert stored_matches_computed()
    assert "Ouragan" in get(client, "verglas")


def test_results_are_the_most_recent_matches_and_the_page_says_when_there_are_more(client, monkeypatch):
    monkeypatch.setattr(search, "RESULTS_WINDOW", 5)
    now = timezone.now()
    for index in range(7):
        factories.article(headline=f"Crue {index}", published_at=now - datetime.timedelta(days=index))
    page = get(client, "crue")
    assert sorted(result_titles(page)) == [f"Crue {index}" for index in range(5)]
    assert "Au moins 5 articles trouvés pour « crue » : voici les 5 plus récents." in page
    assert "Crue 5" not in page and "Crue 6" not in page
    # A narrower search reaches the older ones, with the exact count below the window.
    narrower = get(client, "crue 6")
    assert result_titles(narrower) == ["Crue 6"] and "1 article trouvé pour « crue 6 »." in narrower


@postgres_only
def test_postgres_websearch_syntax_errors_are_harmless(client):
    factories.article(headline="Débat")
    for query in ['"débat', "débat -", "OR OR", "!!!", "(débat", "débat & | !"]:
        get(client, query)


def test_block_kinds_without_text_add_nothing():
    article = factories.article()
    factories.block(article, kind=Block.Kind.FAQ)
    assert Article.objects.get(pk=article.pk).search_document == ""


def test_fold_keeps_one_character_per_character_for_every_script():
    """Excerpts map folded positions back to the text: folding must never change lengths."""
    from articles.search import fold

    text = "Sécurité de l’IA : ÉTÉ, œuvre, İstanbul, Straße, ﬁn, 日本語, Ωμέγα"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("securite de l'ia : ete, œuvre")
    assert fold(text) == folded  # the remembered table gives the same answer twice


def test_a_person_whose_name_has_a_curly_apostrophe_is_found_with_a_straight_one(client):
    person = factories.person(name="Siobhán O’Brien")
    assert person.search_text.startswith("siobhan o'brien")
    assert "Siobhán O’Brien" in get(client, "O'Brien")
