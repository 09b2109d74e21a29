"""Template helpers every public page shares for search engines: JSON-LD written safely into
a page (``jsonld``, through ``includes/jsonld.html``) and breadcrumbs."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from newsroom.jsonld import absolute_url, to_json_ld

register = template.Library()


@register.filter
def jsonld(data: dict) -> str:
    return mark_safe(to_json_ld(data))


@register.simple_tag
def breadcrumb_jsonld(*trail) -> dict:
    """schema.org BreadcrumbList from the home page down to the current page.

    ``trail`` is name, path, name, path...; a pair whose name is empty is left out, so an
    article without a section reads « Accueil › Titre ».
    """
    crumbs = [(_("Accueil"), reverse("articles:home"))]
    crumbs += [(name, path) for name, path in zip(trail[::2], trail[1::2], strict=True) if name]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute_url(str(path))}
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }
