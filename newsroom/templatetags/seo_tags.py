"""Template helpers every public page shares for search engines: breadcrumbs as JSON-LD.

Serialisation and escaping stay with ``people_tags.jsonld`` (through
``includes/jsonld.html``): these tags only build the data.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from people.templatetags.people_tags import absolute_url

register = template.Library()


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
