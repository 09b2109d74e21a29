"""Addresses of objects by slug, each reversed once per language.

Django's ``reverse()`` walks the URL resolver on every call, and a list page links each
card's article, section and authors: a hundred calls, a sizeable share of a page's template
time. An address depends only on the view, the slug, the active language (``/en/``
prefix), the script prefix and the URLconf, so it is kept under those; the test settings
that swap the URLconf or the script prefix clear it.
"""

import re
from collections.abc import Callable
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def slug_url(viewname: str, slug: str) -> str:
    """``reverse(viewname, kwargs={"slug": slug})``, remembered."""
    return _reverse(viewname, slug, get_language(), get_script_prefix(), get_urlconf())


# What Django's <slug:…> converter accepts; reverse() leaves it unquoted.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDER = "newsroom-slug-placeholder"


def slug_urls(viewname: str) -> Callable[[str], str]:
    """A function giving ``slug_url(viewname, slug)`` for many slugs read once, such as a
    sitemap page's 2,000: reversed once, each slug then written into the address.

    Remembering each of them would push the site's own pages out of slug_url()'s memory, and
    reversing each would walk the URL resolver thousands of times a sitemap page. A slug the
    converter would refuse goes through reverse(), which says so.
    """
    before, _, after = slug_url(viewname, _PLACEHOLDER).partition(_PLACEHOLDER)

    def url(slug: str) -> str:
        if _PLAIN_SLUG.fullmatch(slug):
            return before + slug + after
        return reverse(viewname, kwargs={"slug": slug})

    return url


@lru_cache(maxsize=16384)
def _reverse(viewname, slug, language, script_prefix, urlconf) -> str:
    return reverse(viewname, kwargs={"slug": slug}, urlconf=urlconf)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGES", "LANGUAGE_CODE"):
        _reverse.cache_clear()
