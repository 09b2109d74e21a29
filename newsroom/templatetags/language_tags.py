"""The reader's language switcher and the hreflang alternates of the current page."""

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context) -> list[dict]:
    """The current page in each interface language: code, name, path, and whether it is current.

    A page that resolves (article, person, search with its query...) is translated to its
    other-language address; a 404 page offers each language's home page.
    """
    request = context.get("request")
    current = translation.get_language()
    path = request.path_info if request else "/"
    # The parameters the page reads (a search's ?q=), without a shared link's tracking ones.
    query = request.GET.urlencode() if request else ""
    # Django's 404 view puts request_path in the context: an unknown (or hidden) article
    # must answer the same page whatever its slug, so its switcher offers the home pages.
    is_error_page = "request_path" in context
    try:
        match = None if is_error_page else resolve(path)
    except Resolver404:
        match = None
    languages = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            if match is not None:
                url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                if query:
                    url = f"{url}?{query}"
            else:
                url = reverse("articles:home")
        languages.append({"code": code, "name": name, "url": url, "current": code == current})
    return languages
