"""Error pages: with DEBUG off, a crash shows the site's styled 500 page and nothing of the error."""

import pytest

from articles import views
from tests import factories

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_an_exception_in_a_view_shows_the_styled_500_page_without_a_stack_trace(client, settings, monkeypatch):
    settings.DEBUG = False
    article = factories.article()

    def crash(**kwargs):
        raise Boom("secret detail from settings.SECRET_KEY")

    monkeypatch.setattr(views.selectors, "article_for_page", crash)
    client.raise_request_exception = False
    response = client.get(article.get_absolute_url())
    assert response.status_code == 500
    page = response.content.decode()
    assert '<h1 class="page-title">Erreur du serveur</h1>' in page
    assert 'href="/static/css/site.css"' in page and '<html lang="fr">' in page
    for leak in ("Traceback", "Boom", "secret detail", "article_for_page", settings.SECRET_KEY):
        assert leak not in page


def test_an_unknown_page_shows_the_styled_404_page_with_navigation_and_no_canonical(client, settings):
    settings.DEBUG = False
    factories.section(name="Sciences", slug="sciences")
    response = client.get("/articles/nexiste-pas/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page and '<a href="/rubriques/sciences/"' in page
    assert 'rel="canonical"' not in page and '<meta name="robots" content="noindex">' in page


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/recherche/?" + "&".join(f"p{n}=1" for n in range(1001))},  # past Django's field limit
        {"path": "/", "HTTP_HOST": "pas-notre-site.example"},  # a Host outside ALLOWED_HOSTS
    ],
    ids=["too-many-parameters", "unknown-host"],
)
def test_a_bad_request_shows_the_styled_400_page(client, settings, request_kwargs):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get(**request_kwargs)
    assert response.status_code == 400
    page = response.content.decode()
    assert '<h1 class="page-title">Requête incorrecte</h1>' in page
    assert 'href="/static/css/site.css"' in page and '<html lang="fr">' in page
    assert '<meta name="robots" content="noindex">' in page


def test_a_form_too_large_to_read_says_so(client, settings, admin_user):
    """A whole document pasted into a form sent without its script (which stops it earlier):
    the request is refused before any form runs, and the page says why."""
    from urllib.parse import urlencode

    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(admin_user)
    body = urlencode({"headline": "Un titre", "standfirst": "é" * 1_500_000})
    response = client.post("/admin/articles/article/add/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ce formulaire est trop volumineux pour être reçu" in page
    assert "Cette adresse ou ce formulaire n’a pas pu être lu" not in page
