import pytest

from newsroom.richtext import sanitize_html
from tests import factories


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<svg><script>alert(1)</script></svg>",
        '<math><mtext><img src=x onerror="alert(1)"></mtext></math>',
        '<iframe src="https://example.org"></iframe>',
        "<style>body{display:none}</style>",
    ],
)
def test_hostile_html_loses_every_active_part(hostile):
    """Nothing that can run script or restyle the page survives the sanitiser."""
    clean = sanitize_html(hostile).lower()
    for needle in ("<script", "onerror", "onclick", "javascript:", "data:", "style", "<svg", "<iframe", "<img"):
        assert needle not in clean


def test_allowed_markup_and_text_are_kept():
    html = '<p>Un <strong>départ</strong> « annoncé » sur <a href="https://x.com/">X</a>.</p>'
    clean = sanitize_html(html)
    assert "<strong>départ</strong>" in clean
    assert "« annoncé »" in clean
    assert 'href="https://x.com/"' in clean
    assert 'rel="noopener noreferrer"' in clean


def test_plain_text_with_typography_is_untouched():
    text = "L’impact sur la recherche en sécurité – « faire plus de mal que de bien »"
    assert sanitize_html(text) == text


@pytest.mark.django_db
def test_rich_text_is_sanitised_on_save_whatever_was_sent():
    """A value that bypasses the forms (script, import) is still cleaned when saved."""
    article = factories.article()
    block = factories.block(article, text='<p onmouseover="x()">Texte<script>alert(1)</script></p>')
    block.refresh_from_db()
    assert block.text == "<p>Texte</p>"
    person = factories.person(biography='<a href="javascript:alert(1)">lien</a>')
    person.refresh_from_db()
    assert "javascript" not in person.biography


@pytest.mark.parametrize(
    "href",
    [
        "tel:+33123456789",
        "tel:+33 1 23 45 67 89",
        "tel:01.23.45.67.89",
        "tel:+1-(555)-010-9999;ext=12",
        "mailto:redaction@example.org",
        "mailto:redaction@example.org?subject=Correction",
    ],
)
def test_phone_and_mail_links_are_kept(href):
    html = f'<p>Appelez le <a href="{href}">standard</a>.</p>'
    assert f'href="{href}"' in sanitize_html(html)


@pytest.mark.parametrize(
    "href",
    [
        "tel:javascript:alert(1)",
        "tel:<script>",
        "tel:",
        "tel:+33 1 23 45 67 89?body=x",
        "mailto:?body=Bonjour",
        "mailto:pas-une-adresse",
        "mailto:a@b.org\nBcc:c@d.org",
    ],
)
def test_phone_and_mail_links_without_a_number_or_address_lose_their_href(href):
    clean = sanitize_html(f'<p><a href="{href}">lien</a></p>')
    assert "href" not in clean and "lien" in clean
