"""French first, English second: the language comes from the URL, never from the browser."""

import pytest

from tests.http import page

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def test_unprefixed_pages_are_french_even_for_an_english_browser(client, story):
    html = page(client, story["article"].get_absolute_url(), **ENGLISH_BROWSER)
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html and "15 novembre 2024" in html
    assert "Skip to content" not in html


def test_english_interface_under_en_with_english_dates(client, story):
    html = page(client, "/en" + story["article"].get_absolute_url())
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Back to top" in html
    assert "15 November 2024" in html and "novembre" not in html
    # The content itself stays as written.
    assert "Départ chez OpenAI" in html


@pytest.mark.parametrize("kind", ["home", "article", "person", "organisation", "search"])
def test_no_french_interface_string_left_on_english_pages(client, story, kind):
    urls = {
        "home": "/en/",
        "article": "/en" + story["article"].get_absolute_url(),
        "person": "/en" + story["person"].get_absolute_url(),
        "organisation": "/en" + story["organisation"].get_absolute_url(),
        "search": "/en/recherche/?q=openai",
    }
    html = page(client, urls[kind])
    french = [
        "Aller au contenu",
        "Haut de page",
        "Site d’information",
        "Rubriques",
        "Recherche<",
        ">par ",
        "Parcours",
        "Y ont travaillé",
        "À la une",
        "Personnes citées",
        "Mots-clés",
        "article trouvé",
    ]
    assert [s for s in french if s in html] == []
    assert "Skip to content" in html


def test_english_search_page_strings(client, story):
    html = page(client, "/en/recherche/?q=" + "x" * 300)
    assert "Your search was too long: only its first 200 characters were used." in html
    assert "No article matches" in html
    html = page(client, "/en/recherche/?q=openai")
    assert "1 article found for “openai”." in html


def test_language_switcher_links_the_same_page_in_each_language(client, story):
    url = story["person"].get_absolute_url()
    html = page(client, url)
    assert f'<a href="/en{url}" hreflang="en" lang="en">English</a>' in html
    assert f'<a href="{url}" hreflang="fr" lang="fr" aria-current="true">Français</a>' in html
    html = page(client, "/en" + url)
    assert f'<a href="{url}" hreflang="fr" lang="fr">Français</a>' in html


def test_switcher_keeps_the_search_query(client):
    html = page(client, "/recherche/?q=climat&page=2")
    assert 'href="/en/recherche/?q=climat&amp;page=2" hreflang="en"' in html


def test_head_lists_hreflang_alternates_with_french_as_default(client, story):
    url = story["article"].get_absolute_url()
    html = page(client, "/en" + url)
    assert f'<link rel="alternate" hreflang="fr" href="http://127.0.0.1:8000{url}">' in html
    assert f'<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en{url}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="http://127.0.0.1:8000{url}">' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/en{url}">' in html
    assert '<meta property="og:locale" content="en_GB">' in html


def test_english_404_page(client):
    response = client.get("/en/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html and "Page not found" in html
    assert '<a href="/" hreflang="fr" lang="fr">Français</a>' in html


def test_feeds_admin_and_sitemaps_stay_unprefixed(client, admin_client, story):
    assert client.get("/flux/rss/").status_code == 200
    assert client.get("/en/flux/rss/").status_code == 404
    assert client.get("/en/sitemap.xml").status_code == 404
    assert client.get("/en/admin/").status_code == 404
    html = page(client, "/en/")
    assert 'href="/flux/rss/"' in html


def test_admin_stays_french_for_an_english_browser(admin_client):
    html = page(admin_client, "/admin/", **ENGLISH_BROWSER)
    assert '<html lang="fr"' in html
    assert "Déconnexion" in html or "Se déconnecter" in html
