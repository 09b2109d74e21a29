"""The admin's words as a journalist reads them: French sentences (« Ajouter une personne »),
« Mots-clés » and never « Tags » or « objet », and the live character counts under the
article's titles and standfirst (their server-rendered part; typing is in
tests/browser/test_editor_forms.py)."""

import lxml.html
import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.html import strip_tags
from taggit.models import Tag

from articles.models import Article
from newsroom import admin_labels
from tests import factories
from tests.articles.workflow_support import article_by, client_for, form_payload, staff_in

pytestmark = pytest.mark.django_db

ADD_PAGES = {
    "articles.article": "Ajouter un article",
    "articles.section": "Ajouter une rubrique",
    "people.person": "Ajouter une personne",
    "people.organisation": "Ajouter une organisation",
    "people.peoplelist": "Ajouter une liste de personnes",
    "newsroom.image": "Ajouter une image",
    "newsroom.tagredirect": "Ajouter une redirection de mot-clé",
    "taggit.tag": "Ajouter un mot-clé",
}
APPS = {"articles", "people", "newsroom", "taggit"}


def parsed(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def visible_text(document) -> str:
    """What a person reads on the page or hears from a screen reader: text, titles, labels."""
    for element in document.xpath("//script | //style | //template"):
        element.drop_tree()
    attributes = document.xpath("//@title | //@aria-label | //@placeholder | //input[@type='submit']/@value")
    return " ".join([document.text_content(), *attributes])


@pytest.fixture
def superuser():
    return User.objects.create_superuser("admin", password=None)


@pytest.fixture
def journalist():
    return staff_in("Journalists", "journaliste")


@pytest.mark.parametrize("label,expected", ADD_PAGES.items())
def test_add_pages_and_buttons_read_as_french_sentences(superuser, label, expected):
    """Each kind of record is added with its article: the page's <title> and <h1>, the
    breadcrumb and the list's button say « Ajouter une personne », not « Ajouter personne »."""
    client = client_for(superuser)
    app_label, model_name = label.split(".")
    add_page = parsed(client.get(reverse(f"admin:{app_label}_{model_name}_add")))
    assert add_page.findtext(".//title").startswith(f"{expected} |")
    assert add_page.findtext(".//h1") == expected
    assert add_page.xpath("string(//ol[@class='breadcrumbs']/li[last()])").strip() == expected
    changelist = parsed(client.get(reverse(f"admin:{app_label}_{model_name}_changelist")))
    assert [link.text_content().strip() for link in changelist.xpath("//ul[@class='object-tools']//a")] == [expected]


@pytest.mark.parametrize(
    "url_name,make,title",
    [
        ("admin:articles_article_change", factories.article, "Modifier l’article"),
        ("admin:people_person_change", factories.person, "Modifier la personne"),
        ("admin:people_organisation_change", factories.organisation, "Modifier l’organisation"),
        ("admin:newsroom_image_change", factories.image, "Modifier l’image"),
        (
            "admin:taggit_tag_change",
            lambda: Tag.objects.create(name="sécurité", slug="securite"),
            "Modifier le mot-clé",
        ),
    ],
)
def test_change_pages_say_what_is_changed(superuser, url_name, make, title):
    """« Modifier l’article », not « Modification de article »."""
    page = parsed(client_for(superuser).get(reverse(url_name, args=[make().pk])))
    assert page.findtext(".//h1") == title
    assert page.findtext(".//title").split(" | ")[1] == title


def test_every_admin_of_the_project_speaks_french(superuser):
    """Every ModelAdmin of the newsroom's apps gives French titles, and the gender of every
    noun its pages name (its model's, its inlines') is known: a new model cannot slip back
    to « Ajouter bidule »."""
    request = type("Request", (), {"user": superuser})()
    missing, unknown = [], []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS:
            continue
        if not isinstance(model_admin, admin_labels.FrenchLabelsAdminMixin):
            missing.append(model._meta.label)
        for opts in [model._meta, *(inline.model._meta for inline in model_admin.get_inline_instances(request))]:
            if str(opts.verbose_name) not in admin_labels.FEMININE | admin_labels.MASCULINE:
                unknown.append(str(opts.verbose_name))
    assert missing == []
    assert unknown == []


def test_list_titles_are_the_plural(superuser):
    client = client_for(superuser)
    page = parsed(client.get(reverse("admin:people_person_changelist")))
    assert page.findtext(".//h1") == "Personnes"
    assert page.findtext(".//title").startswith("Personnes |")


@pytest.mark.parametrize("url_name", ["admin:articles_article_add", "admin:people_person_add"])
def test_tags_are_mots_cles_on_the_article_and_person_forms(journalist, url_name):
    page = parsed(client_for(journalist).get(reverse(url_name)))
    assert page.xpath("string(//label[@for='id_tags'])").replace("\xa0", " ") == "Mots-clés :"
    assert "Séparez les mots-clés par des virgules" in page.xpath("string(//*[@id='id_tags_helptext'])")
    text = visible_text(page)
    assert "Tags" not in text and "tags" not in text
    assert "étiquette" not in text.lower()


def test_the_tag_admin_says_mots_cles(superuser):
    client = client_for(superuser)
    Article.objects.create(headline="Un", slug="un").tags.add("sécurité")
    index = visible_text(parsed(client.get(reverse("admin:index"))))
    assert "Mots-clés" in index and "Tags" not in index
    page = parsed(client.get(reverse("admin:taggit_tag_changelist")))
    assert page.findtext(".//h1") == "Mots-clés"
    text = visible_text(page)
    assert "tags" not in text.lower().replace("mots-clés", "") and "étiquette" not in text.lower()


def test_the_article_form_shows_no_tags_and_no_objet(journalist):
    """The journalist's own draft, with blocks, a FAQ entry and tags: every heading, label,
    button and tooltip reads as French."""
    article = article_by(journalist, tags=["sécurité de l’IA"], authors=[factories.person(name="Camille Exemple")])
    text = visible_text(parsed(client_for(journalist).get(reverse("admin:articles_article_change", args=[article.pk]))))
    assert "Tags" not in text
    assert "objet" not in text.lower()
    assert "Question de la FAQ —" in text
    assert "Question de la FAQ:" not in text and "#1" not in text


def test_inline_rows_are_added_and_headed_in_french(journalist):
    """A new FAQ row is « Nouvelle question de la FAQ », added by « Ajouter une question de la
    FAQ » (inlines.js reads the button's words from the group's data), not « Ajouter un objet
    Question de la FAQ supplémentaire »."""
    page = parsed(client_for(journalist).get(reverse("admin:articles_article_add")))
    group = page.get_element_by_id("faq_entries-group")
    assert '"addText": "Ajouter une question de la FAQ"' in group.get("data-inline-formset")
    assert group.xpath("string(.//*[@id='faq_entries-empty']/h3)").strip() == "Nouvelle question de la FAQ"


def test_a_saved_article_is_confirmed_and_logged_in_french(journalist):
    client = client_for(journalist)
    article = article_by(journalist, headline="Un départ")
    data = form_payload(client, article)
    data["headline"] = "Un départ remarqué"
    data["_continue"] = "Enregistrer et continuer"
    del data["_save"]
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data, follow=True)
    messages = [strip_tags(str(message)) for message in response.context["messages"]]
    assert "Modifications enregistrées : article « Un départ remarqué ». Vous pouvez continuer ci-dessous." in messages
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.get_change_message() == "Modification : Titre."
    history = visible_text(parsed(client.get(reverse("admin:articles_article_history", args=[article.pk]))))
    assert "Modification : Titre." in history and "objet" not in history.lower()


def test_the_deletion_page_names_each_row_as_french_reads_it(superuser):
    """« Bloc 1 — Paragraphe », « Question de la FAQ : … », « Auteurs : lien vers « … » »:
    never « Bloc: paragraphe #0 », « objet » or « Article_authors object (1) »."""
    article = article_by(superuser, headline="Départ", authors=[factories.person(name="Camille Exemple")])
    article.tags.add("sécurité")
    text = visible_text(parsed(client_for(superuser).get(reverse("admin:articles_article_delete", args=[article.pk]))))
    assert "Supprimer « Départ » (article) ?" in text
    assert "Bloc 1 — Paragraphe" in text
    assert "Question de la FAQ : Une question ?" in text
    assert "Auteurs : lien vers « Camille Exemple »" in text
    assert "Mots-clés : lien vers « sécurité »" in text
    assert "Blocs du corps de l’article : 1" in text
    assert "objet" not in text.lower() and "Bloc:" not in text


def test_a_published_article_reads_whole_for_a_journalist(journalist):
    """A journalist opens a published story read-only: the whole page is there (nothing
    swallowed by a help text that names an HTML tag) and no bookkeeping field shows."""
    article = article_by(journalist, status=Article.Status.PUBLISHED, seo_title="Un titre SEO")
    response = client_for(journalist).get(reverse("admin:articles_article_change", args=[article.pk]))
    content = response.content.decode()
    assert content.count("<title>") == 1
    page = parsed(response)
    assert page.findtext(".//h1") == "Consulter l’article"
    text = visible_text(page)
    assert "Une question ?" in text  # the FAQ, after the SEO title
    assert "Loaded version" not in text and "version" not in page.xpath("string(//fieldset[1])").lower()


# The character counts, as the server renders them.

COUNTED = {"headline": 90, "seo_title": 60, "social_title": 90, "standfirst": 280}


def test_titles_and_standfirst_carry_their_recommended_length(journalist):
    page = parsed(client_for(journalist).get(reverse("admin:articles_article_add")))
    for name, recommended in COUNTED.items():
        field = page.get_element_by_id(f"id_{name}")
        assert field.get("data-char-count") == str(recommended)
        assert f"id_{name}_count" in field.get("aria-describedby").split()
        counter = page.get_element_by_id(f"id_{name}_count")
        assert counter.get("aria-live") == "polite"
        assert counter.xpath("string(.//*[@class='char-count-shown'])") == f"0 / {recommended} caractères recommandés"
        assert "over" not in counter.get("class")
    # A recommendation, not a limit: the model's maximum stays the browser's only one.
    assert page.get_element_by_id("id_headline").get("maxlength") == "300"


def test_a_text_over_its_recommendation_is_flagged_in_words_and_still_saved(journalist):
    client = client_for(journalist)
    article = article_by(journalist, headline="Titre " * 20)  # 120 characters
    page = parsed(client.get(reverse("admin:articles_article_change", args=[article.pk])))
    counter = page.get_element_by_id("id_headline_count")
    assert "over" in counter.get("class").split()
    assert counter.xpath("string(.//*[@class='char-count-shown'])") == (
        "Trop long : 120 / 90 caractères recommandés (30 de trop)"
    )
    data = form_payload(client, article)
    data["headline"] = ("Un très long titre " * 14).strip()  # 265 characters: long, under the model's 300
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == data["headline"]
