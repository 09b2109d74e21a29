from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_ico_leads_to_the_site_icon(client):
    """Every browser asks for /favicon.ico, on the admin too: no 404 in their consoles."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.svg")
    with open(finders.find("favicon.svg"), encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")
