"""The article admin as journalists and editors use it: writing, listing, filtering, limits."""

import datetime
import re

import pytest
from django.contrib.admin import DateFieldListFilter
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Block, FaqEntry, Section
from people.models import Person
from tests import factories

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the admin's full-text search is PostgreSQL's"
)

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")

BLOCK_FIELDS = [
    "kind", "position", "text", "speaker", "speaker_name", "source", "source_organisation",
    "timeline_person", "timeline_organisation", "people_list", "date_display",
]  # fmt: skip


def staff_in(group_name: str, username: str) -> User:
    user = User.objects.create_user(username, password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def journalist(client):
    user = staff_in("Journalists", "journaliste")
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = staff_in("Editors", "redacteur")
    client.force_login(user)
    return user


def inline_data(prefix: str, rows: list[dict], fields: list[str], defaults=None) -> dict:
    """The management form and one form per row, as the browser posts them (blanks included)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for field in fields:
            data[f"{prefix}-{index}-{field}"] = row.get(field, (defaults or {}).get(field, ""))
        data[f"{prefix}-{index}-id"] = ""
        data[f"{prefix}-{index}-article"] = ""
    return data


def article_data(*, blocks, faq=(), **overrides) -> dict:
    data = {
        "headline": "Lilian Weng quitte OpenAI",
        "slug": "lilian-weng-quitte-openai",
        "standfirst": "La chercheuse part après sept ans.",
        "section": "",
        "language": "fr",
        "authors": [],
        "people": [],
        "organisations": [],
        "tags": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "seo_title": "",
        "social_title": "",
        "_save": "Enregistrer",
    }
    data.update(overrides)
    # A select always posts its value: the date display keeps its default unless changed.
    data.update(inline_data("blocks", list(blocks), BLOCK_FIELDS, {"date_display": Block.DateDisplay.AS_ENTERED}))
    data.update(inline_data("faq_entries", list(faq), ["position", "question", "answer"]))
    return data


def test_journalist_writes_an_article_with_blocks_faq_tags_and_authors(client, journalist):
    """One POST of the add form saves the article, its body in order, its FAQ in order and tags.

    Positions, not the order of the forms, decide the order: the reordering script only
    rewrites the position fields.
    """
    weng = factories.person(name="Lilian Weng")
    author = factories.person(name="Camille Exemple")
    openai = factories.organisation(name="OpenAI")
    departures = factories.people_list(title="Départs notables", organisation_obj=openai)
    section = factories.section(name="Tech")
    blocks = [
        {"kind": "paragraph", "position": "1", "text": "<p>Lilian Weng a annoncé son départ.</p>"},
        {"kind": "heading", "position": "0", "text": "Sept ans chez OpenAI"},
        {
            "kind": "quote",
            "position": "2",
            "text": "« J’ai décidé de partir. »",
            "speaker": str(weng.pk),
            "source": "X",
        },
        {
            "kind": "timeline",
            "position": "3",
            "timeline_person": str(weng.pk),
            "date_display": "year",
        },
        {"kind": "people_list", "position": "4", "people_list": str(departures.pk)},
        # A row added and left blank: the script numbered it, nothing else was typed.
        {"kind": "paragraph", "position": "5"},
    ]
    faq = [
        {"position": "1", "question": "Où va-t-elle ?", "answer": "<p>Elle ne l’a pas dit.</p>"},
        {"position": "0", "question": "Qui est Lilian Weng ?", "answer": "<p>Une chercheuse.</p>"},
    ]
    data = article_data(
        blocks=blocks,
        faq=faq,
        section=str(section.pk),
        authors=[str(author.pk)],
        people=[str(weng.pk)],
        organisations=[str(openai.pk)],
        tags="IA, sécurité de l’IA",
        status="review",
    )

    response = client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    article = Article.objects.get()
    assert article.headline == "Lilian Weng quitte OpenAI"
    assert article.status == Article.Status.REVIEW
    assert article.section == section
    assert article.created_by == journalist
    assert list(article.authors.all()) == [author]
    assert list(article.people.all()) == [weng]
    assert list(article.organisations.all()) == [openai]
    assert sorted(article.tags.names()) == ["IA", "sécurité de l’IA"]
    assert [(b.kind, b.position) for b in article.blocks.all()] == [
        ("heading", 0),
        ("paragraph", 1),
        ("quote", 2),
        ("timeline", 3),
        ("people_list", 4),
    ]
    quote = article.blocks.get(kind="quote")
    # Typed with plain spaces, saved with the narrow no-break spaces French typography puts inside « ».
    assert quote.speaker == weng and quote.text == "«\u202fJ’ai décidé de partir.\u202f»"
    assert article.blocks.get(kind="timeline").timeline_person == weng
    assert article.blocks.get(kind="people_list").people_list == departures
    # The questions too: a narrow no-break space before « ? ».
    assert [f.question for f in article.faq_entries.all()] == [
        "Qui est Lilian Weng\u202f?",
        "Où va-t-elle\u202f?",
    ]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            {"kind": "quote", "position": "0", "text": "« Une phrase sans auteur. »"},
            "Indiquez qui parle : une fiche personne ou un nom.",
        ),
        (
            {"kind": "timeline", "position": "0"},
            "Ce champ est obligatoire pour un bloc « parcours d’une personne ».",
        ),
    ],
    ids=["quote-without-speaker", "timeline-without-person"],
)
def test_an_incomplete_block_is_refused_and_nothing_is_saved(client, journalist, block, message):
    """The form comes back with the block's error; no article, block or FAQ entry is written."""
    faq = [{"position": "0", "question": "Une question ?", "answer": "Une réponse."}]
    data = article_data(blocks=[{"kind": "paragraph", "position": "1", "text": "Texte."}, block], faq=faq)

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["errors"]
    assert not Article.objects.exists()
    assert not Block.objects.exists()
    assert not FaqEntry.objects.exists()


def test_help_texts_are_shown_as_text(client, journalist):
    """The SEO title's help names the <title> tag: it must reach the page as text, or the
    browser opens a <title> element there and the rest of the form (blocks, FAQ) vanishes."""
    content = client.get(ADD_URL).content.decode()
    assert "Le titre de l’onglet du navigateur et des moteurs de recherche ; le titre à défaut." in content
    assert content.count("<title>") == 1


def test_journalist_cannot_publish(client, journalist):
    """Publishing is an editor's decision: the status "publié" is not a choice for a journalist."""
    response = client.get(ADD_URL)
    choices = [value for value, _label in response.context["adminform"].form.fields["status"].choices]
    assert choices == ["draft", "review"]

    response = client.post(ADD_URL, article_data(blocks=[], status="published"))
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_journalist_cannot_edit_a_published_article(client, journalist):
    """A published article is the editors' (workflow issue): even its author's journalist
    account gets a 403 on saving it, and it stays online unchanged."""
    article = factories.article(headline="En ligne", slug="en-ligne", created_by=journalist)
    published_at = article.published_at
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_data(blocks=[], headline="En ligne, corrigé", slug="en-ligne", status="draft")

    response = client.post(url, data)

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "En ligne"
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == published_at


def test_editor_publishes_and_schedules(client, editor):
    later = timezone.localtime() + datetime.timedelta(days=2)
    data = article_data(
        blocks=[{"kind": "paragraph", "position": "0", "text": "Texte."}],
        status="published",
        published_at_0=later.strftime("%d/%m/%Y"),
        published_at_1=later.strftime("%H:%M:%S"),
    )

    response = client.post(ADD_URL, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled
    assert article.created_by == editor


def make_articles(count: int, **kwargs) -> None:
    """``count`` each of online, scheduled and draft articles, all in one section and by one
    shared author (plus one of their own), all tagged; ``kwargs`` go to every article."""
    section = Section.objects.first() or factories.section()
    regular = Person.objects.filter(name="Plume régulière").first() or factories.person(name="Plume régulière")
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    for _ in range(count):
        for extra in ({}, {"published_at": tomorrow}, {"status": Article.Status.DRAFT}):
            factories.article(
                section=section,
                tags=["IA", "Recherche"],
                authors=[regular, factories.person()],
                **extra,
                **kwargs,
            )


def changelist_params(name: str) -> dict:
    """The query string of one way a journalist narrows the list (by search or filter)."""
    section = Section.objects.first()
    tag = Tag.objects.first()
    return {
        "all": {},
        "search": {"q": "Titre"},
        "draft": {"statut": "draft"},
        "online": {"statut": "online"},
        "scheduled": {"statut": "scheduled"},
        "section": {"section__id__exact": section.pk},
        "tag": {"tags__id__exact": tag.pk},
        "author": {"q": "Plume régulière"},
        "mine": {"auteur": "moi"},
        "period": period_params("Cette année"),
        "combined": {"q": "Titre", "statut": "online", "tags__id__exact": tag.pk},
    }[name]


def period_params(label: str) -> dict:
    """The query string of one choice of the publication date filter (« Les 7 derniers jours »)."""
    request = RequestFactory().get(CHANGELIST_URL)
    field = Article._meta.get_field("published_at")
    spec = DateFieldListFilter(field, request, {}, Article, None, "published_at")
    return next(params for title, params in spec.links if title == label)


# Session, user, the user's and the groups' permissions, the sections of the section filter,
# the count and the page of rows. The author, date and tag filters list nothing from the
# database; a chosen tag is read once, to show its name.
CHANGELIST_QUERIES = 7


@pytest.mark.parametrize("role", ["journalist", "editor"])
@pytest.mark.parametrize(
    "name",
    [
        "all",
        "search",
        "draft",
        "online",
        "scheduled",
        "section",
        "tag",
        "author",
        "mine",
        "period",
        "combined",
    ],
)
def test_changelist_answers_in_a_fixed_number_of_queries(request, client, django_assert_num_queries, role, name):
    """Listing, searching and filtering cost the same queries for 2 articles as for 20."""
    user = request.getfixturevalue(role)
    make_articles(1, created_by=user)
    params = changelist_params(name)
    # On PostgreSQL a search reads the ids of the matching bylines first (admin_search).
    queries = CHANGELIST_QUERIES + ("tags__id__exact" in params) + (connection.vendor == "postgresql" and "q" in params)
    with django_assert_num_queries(queries):
        response = client.get(CHANGELIST_URL, params)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1

    make_articles(9, created_by=user)
    with django_assert_num_queries(queries):
        response = client.get(CHANGELIST_URL, params)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 10


def test_changelist_shows_scheduled_articles_as_programme(client, editor):
    factories.article(headline="Déjà en ligne", slug="deja-en-ligne")
    factories.article(
        headline="Pour demain",
        slug="pour-demain",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )

    response = client.get(CHANGELIST_URL)

    rows = {
        article.headline: response.context["cl"].model_admin.status_label(article)
        for article in response.context["cl"].result_list
    }
    assert rows["Déjà en ligne"] == "publié"
    assert rows["Pour demain"].startswith("programmé pour le ")
    assert "programmé pour le " in response.content.decode()

    response = client.get(CHANGELIST_URL, {"statut": "scheduled"})
    assert [a.headline for a in response.context["cl"].result_list] == ["Pour demain"]


def test_the_list_shows_undated_stories_then_scheduled_then_newest_published(client, editor):
    now = timezone.now()
    factories.article(headline="Publié hier", published_at=now - datetime.timedelta(days=1))
    factories.article(headline="Publié ce matin", published_at=now - datetime.timedelta(hours=3))
    factories.article(headline="Brouillon", status=Article.Status.DRAFT)
    factories.article(headline="Pour demain", published_at=now + datetime.timedelta(days=1))
    factories.article(headline="En relecture", status=Article.Status.REVIEW)

    response = client.get(CHANGELIST_URL)

    # The same order on SQLite and PostgreSQL, which place NULL at opposite ends by default.
    assert listed(response) == ["En relecture", "Brouillon", "Pour demain", "Publié ce matin", "Publié hier"]
    # The publication column, either way round.
    column = response.context["cl"].list_display.index("publication")
    oldest_first = listed(client.get(CHANGELIST_URL, {"o": str(column)}))
    assert oldest_first == ["Publié hier", "Publié ce matin", "Pour demain", "En relecture", "Brouillon"]
    newest_first = listed(client.get(CHANGELIST_URL, {"o": f"-{column}"}))
    assert newest_first == ["En relecture", "Brouillon", "Pour demain", "Publié ce matin", "Publié hier"]


def listed(response) -> list[str]:
    return [article.headline for article in response.context["cl"].result_list]


def search_help(client):
    return client.get(CHANGELIST_URL).context["cl"].search_help_text


def sidebar(response) -> dict[str, list[tuple[str, bool]]]:
    """Each filter's title and its choices as the sidebar shows them (label, selected)."""
    changelist = response.context["cl"]
    return {
        str(spec.title): [(str(choice["display"]), choice["selected"]) for choice in spec.choices(changelist)]
        for spec in changelist.filter_specs
        if spec.has_output()
    }


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_the_sidebar_lists_no_authors_or_tags_and_offers_mine_periods_and_tags(request, client, role):
    """At archive scale the sidebar cannot list every author and tag: it offers the user's own
    articles, periods of publication and the way to the tag vocabulary; no date bar."""
    request.getfixturevalue(role)
    factories.article(tags=["Robotique"], authors=[factories.person(name="Plume invitée")])

    response = client.get(CHANGELIST_URL)

    filters = sidebar(response)
    assert filters["auteur"] == [("Tout", True), ("Mes articles (créés par moi)", False)]
    assert [label for label, _selected in filters["publication"]] == [
        "Toutes les dates", "Aujourd’hui", "Les 7 derniers jours", "Ce mois-ci", "Cette année",
        "Aucune date", "Possède une date",
    ]  # fmt: skip
    assert filters["mot-clé"] == [("Tout", True), ("Choisir un mot-clé…", False)]
    page = response.content.decode()
    assert f'href="{reverse("admin:taggit_tag_changelist")}"' in page
    assert "Robotique" not in page and "Plume invitée" not in page
    assert response.context["cl"].date_hierarchy is None
    # The paginator's count only: no second, unfiltered one.
    assert not response.context["cl"].show_full_result_count


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_mine_lists_the_articles_the_user_created(request, client, role):
    user = request.getfixturevalue(role)
    colleague = staff_in("Journalists", "collegue")
    factories.article(headline="Mon brouillon", status=Article.Status.DRAFT, created_by=user)
    factories.article(headline="Mon article en ligne", created_by=user)
    factories.article(headline="Son brouillon", status=Article.Status.DRAFT, created_by=colleague)
    factories.article(headline="Importé sans auteur")

    response = client.get(CHANGELIST_URL, {"auteur": "moi"})

    assert sorted(listed(response)) == ["Mon article en ligne", "Mon brouillon"]
    assert ("Mes articles (créés par moi)", True) in sidebar(response)["auteur"]
    response = client.get(CHANGELIST_URL, {"auteur": "moi", "statut": "draft"})
    assert listed(response) == ["Mon brouillon"]


def test_an_author_is_found_by_name_in_the_search_box(client, journalist):
    factories.article(headline="Signé", authors=[factories.person(name="Lilian Weng")])
    factories.article(
        headline="Cosigné", authors=[factories.person(name="Jan Leike"), factories.person(name="Lilian Weng bis")]
    )
    factories.article(headline="Autre plume", authors=[factories.person(name="Ilya Sutskever")])

    response = client.get(CHANGELIST_URL, {"q": "Weng"})

    assert sorted(listed(response)) == ["Cosigné", "Signé"]


def test_the_tag_admin_leads_to_the_articles_of_a_tag(client, journalist):
    """The tag vocabulary's article counts link to the article list filtered by that tag;
    the sidebar then names the tag and leads back to all articles."""
    factories.article(headline="Sur les robots", tags=["Robotique", "IA"])
    factories.article(headline="Aussi sur les robots", tags=["Robotique"])
    factories.article(headline="Sans robots", tags=["IA"])
    robotics = Tag.objects.get(name="Robotique")

    tags_page = client.get(reverse("admin:taggit_tag_changelist")).content.decode()
    link = f'<a href="{CHANGELIST_URL}?tags__id__exact={robotics.pk}">2</a>'
    assert link in tags_page

    response = client.get(f"{CHANGELIST_URL}?tags__id__exact={robotics.pk}")

    assert sorted(listed(response)) == ["Aussi sur les robots", "Sur les robots"]
    assert sidebar(response)["mot-clé"] == [
        ("Tout", False),
        ("Robotique", True),
        ("Choisir un mot-clé…", False),
    ]
    assert "IA" not in [label for label, _selected in sidebar(response)["mot-clé"]]
    # With the counts shown (« Afficher le nombre »), the chosen tag gets its own.
    response = client.get(f"{CHANGELIST_URL}?tags__id__exact={robotics.pk}&_facets=True")
    assert ("Robotique (2)", True) in sidebar(response)["mot-clé"]


@pytest.mark.parametrize("value", ["0", "-1", "abc", "²", "99999999999999999999"])
def test_an_unknown_tag_lists_no_article(client, journalist, value):
    factories.article(tags=["IA"])
    response = client.get(CHANGELIST_URL, {"tags__id__exact": value})
    assert response.status_code == 200
    assert listed(response) == []


def test_periods_filter_on_the_publication_date(client, editor):
    factories.article(headline="Cette semaine", published_at=timezone.now() - datetime.timedelta(days=2))
    factories.article(headline="Il y a un mois", published_at=timezone.now() - datetime.timedelta(days=40))
    factories.article(headline="Brouillon sans date", status=Article.Status.DRAFT, published_at=None)

    assert listed(client.get(CHANGELIST_URL, period_params("Les 7 derniers jours"))) == ["Cette semaine"]
    assert listed(client.get(CHANGELIST_URL, period_params("Aucune date"))) == ["Brouillon sans date"]
    assert len(listed(client.get(CHANGELIST_URL, period_params("Possède une date")))) == 2
    # The former date bar's addresses (bookmarks) still filter; an impossible year is refused
    # like any wrong filter.
    last_month = timezone.localtime() - datetime.timedelta(days=40)
    by_month = {"published_at__year": last_month.year, "published_at__month": last_month.month}
    assert listed(client.get(CHANGELIST_URL, by_month)) == ["Il y a un mois"]
    response = client.get(CHANGELIST_URL, {"published_at__year": 99999})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL searches with full text")
def test_search_on_sqlite_keeps_django_search(client, journalist):
    """Development and tests run on SQLite: the admin's search is Django's, over the fields."""
    factories.article(headline="Un titre", seo_title="Sécurité des modèles", slug="un-titre")
    factories.article(headline="Autre", slug="autre")
    assert listed(client.get(CHANGELIST_URL, {"q": "modèles"})) == ["Un titre"]
    assert listed(client.get(CHANGELIST_URL, {"q": "un-tit"})) == ["Un titre"]
    assert search_help(client) is None


@postgres_only
def test_postgres_search_finds_words_accents_ignored_slug_starts_and_authors(client, journalist):
    """On PostgreSQL the search box uses the stored full-text vector: whole French words,
    accents ignored, in headline, standfirst and body; the start of the slug; the authors' names."""
    by_headline = factories.article(headline="La sécurité des modèles", slug="a1")
    by_standfirst = factories.article(headline="Deux", standfirst="Un point sur la sécurité.", slug="a2")
    by_body = factories.article(headline="Trois", slug="a3")
    factories.block(by_body, text="<p>Les chercheurs en <strong>sécurité</strong> partent.</p>")
    factories.article(headline="Sans rapport", slug="pas-au-debut-securite", standfirst="Rien.")
    by_slug = factories.article(headline="Quatre", slug="lilian-weng-quitte-openai")
    weng = factories.person(name="Lilian Wéng")
    by_author = factories.article(headline="Cinq", slug="a5", authors=[weng])
    # A word of an author's description is not a word of their name.
    expert = factories.person(name="Camille Exemple", short_description="spécialiste de la sécurité")
    factories.article(headline="Six", slug="a6", authors=[expert])

    assert set(listed(client.get(CHANGELIST_URL, {"q": "securite"}))) == {
        by_headline.headline,
        by_standfirst.headline,
        by_body.headline,
    }
    assert listed(client.get(CHANGELIST_URL, {"q": "lilian-weng-qu"})) == [by_slug.headline]
    assert set(listed(client.get(CHANGELIST_URL, {"q": "Weng"}))) == {by_author.headline}
    assert set(listed(client.get(CHANGELIST_URL, {"q": "lilian weng"}))) == {by_author.headline, by_slug.headline}
    # Whole words: a fragment of a name or a word finds nothing.
    assert listed(client.get(CHANGELIST_URL, {"q": "Wen"})) == []
    assert search_help(client).startswith("Mots entiers, accents ignorés")


@postgres_only
def test_postgres_search_lists_each_article_once_and_combines_with_filters(client, journalist):
    """An article found by its headline, its slug and two of its authors is listed, and counted, once."""
    authors = [factories.person(name="Camille Orbital"), factories.person(name="Léa Orbital")]
    mine = factories.article(headline="Orbital recrute", slug="orbital-recrute", authors=authors, created_by=journalist)
    factories.article(headline="Orbital en ligne", slug="orbital-en-ligne", authors=authors)
    factories.article(headline="Ailleurs", slug="ailleurs")

    response = client.get(CHANGELIST_URL, {"q": "orbital"})
    assert sorted(listed(response)) == ["Orbital en ligne", "Orbital recrute"]
    assert response.context["cl"].result_count == 2

    response = client.get(CHANGELIST_URL, {"q": "orbital", "auteur": "moi"})
    assert listed(response) == [mine.headline]
    # Punctuation alone, NUL bytes, a very long query: an answer, never an error.
    for query in ["?!", "-", "\x00orbital", "orbital " * 500]:
        assert client.get(CHANGELIST_URL, {"q": query}).status_code == 200


def test_admin_speaks_french_and_names_the_site(client, journalist):
    response = client.get(reverse("admin:index"))
    content = response.content.decode()
    assert "Newsroom — administration" in content
    assert "Tableau de bord de la rédaction" in content
    assert "Déconnexion" in content
    # The tag vocabulary's section has the newsroom's name for it, not the library's.
    assert ">Mots-clés</a>" in content and ">Taggit</a>" not in content


def test_add_form_works_under_the_content_security_policy(client, journalist):
    """The page is served with the CSP; every script is an external file carrying the nonce."""
    response = client.get(ADD_URL)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    content = response.content.decode()
    assert f'src="/static/admin-extra/sortable-inlines.js" nonce="{nonce}" defer' in content
    assert 'href="/static/admin-extra/sortable-inlines.css"' in content
    # Every <script> on the page is external or carries the nonce, so the browser runs them all.
    scripts = re.findall(r"<script[^>]*>", content)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert " style=" not in content
    # One <style>: the rich-text editor's empty placeholder, carrying the nonce (its CSS is a file).
    assert re.findall(r"<style[^>]*>[^<]*</style>", content) == [f'<style data-tiptap-style nonce="{nonce}"></style>']
    assert " onclick=" not in content


def test_section_admin_lists_and_creates_sections(client, editor):
    response = client.post(
        reverse("admin:articles_section_add"),
        {
            "name": "Intelligence artificielle",
            "slug": "intelligence-artificielle",
            "position": "1",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:articles_section_changelist")).status_code == 200


def test_a_tag_without_letters_is_refused_and_the_input_is_kept(client, journalist):
    """« ?! » would get no address: the form says why, and the rest of the article is not lost."""
    data = article_data(blocks=[{"kind": "paragraph", "position": "0", "text": "<p>Texte gardé.</p>"}], tags="IA, ?!")

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Un mot-clé doit contenir au moins une lettre ou un chiffre : « ?! »." in page
    assert "Texte gardé." in page and "Lilian Weng quitte OpenAI" in page
    assert not Article.objects.exists()


def test_a_tag_longer_than_the_vocabulary_allows_is_refused_and_the_input_is_kept(client, journalist):
    """PostgreSQL would refuse the row (a 500), SQLite would keep it: the form says so first."""
    data = article_data(
        blocks=[{"kind": "paragraph", "position": "0", "text": "<p>Texte gardé.</p>"}],
        tags="IA, " + "mot-clé interminable " * 6,
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Un mot-clé compte 100 caractères au plus" in page and "(125)" in page
    assert "Texte gardé." in page
    assert not Article.objects.exists()


def test_a_search_stops_counting_at_the_cap_and_says_so(client, editor, monkeypatch):
    """A word found in most of the archive is not counted to the last article: the list says
    « plus de N », shows the newest first and offers pages up to the cap."""
    from articles.admin import ArticleAdmin
    from newsroom.pagination import CappedPaginator

    for day in range(1, 13):
        factories.article(
            headline=f"Climat {day:02d}",
            published_at=timezone.make_aware(datetime.datetime(2024, 3, day, 9, 0)),
        )
    factories.article(headline="Autre sujet")
    monkeypatch.setattr(CappedPaginator, "cap", 10)
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 4)

    response = client.get(CHANGELIST_URL, {"q": "climat"})
    page = response.content.decode()
    assert "plus de 10 résultats, les plus récents d’abord" in page
    assert "plus de 10 articles" in page
    assert listed(response) == ["Climat 12", "Climat 11", "Climat 10", "Climat 09"]
    assert "p=3" in page and "p=4" not in page  # three pages of four, up to the cap

    monkeypatch.setattr(CappedPaginator, "cap", 12)
    page = client.get(CHANGELIST_URL, {"q": "climat"}).content.decode()
    assert "12 résultats" in page and "plus de" not in page

    # Without a search the list is counted in full: every article stays a page away.
    page = client.get(CHANGELIST_URL).content.decode()
    assert "13 articles" in page and "plus de" not in page
