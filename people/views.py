"""Public pages for people and organisations, derived from CareerEntry rows."""

from django.shortcuts import get_object_or_404, render

from newsroom.pagination import page_of

from . import selectors
from .models import Person

ARTICLES_PAGE_SIZE = 20


def _articles_featuring(obj):
    """Published articles citing ``obj`` (a person or an organisation), newest first, as cards.

    The article model is reached through the reverse relation (people never imports
    articles); the query still goes through the articles' published() gate.
    """
    return obj.featured_in.model.objects.published().featuring(obj).with_cards()


def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.public().with_career().with_portrait().prefetch_related("tags"), slug=slug
    )
    page = page_of(request, _articles_featuring(person), per_page=ARTICLES_PAGE_SIZE)
    timeline = person.timeline()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "timeline": timeline,
            "current_roles": [entry for entry in timeline if entry.is_current],
            "page": page,
        },
    )


def organisation_detail(request, slug):
    movements = selectors.organisation_movements(slug=slug, tag_slug=request.GET.get("tag") or None)
    page = page_of(request, _articles_featuring(movements.organisation), per_page=ARTICLES_PAGE_SIZE)
    return render(
        request,
        "people/organisation_detail.html",
        {"organisation": movements.organisation, "movements": movements, "page": page},
    )
