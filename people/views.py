"""Public pages for people and organisations, derived from CareerEntry rows."""

from django.shortcuts import get_object_or_404, render

from newsroom.pagination import page_of

from . import selectors
from .models import Person

ARTICLES_PAGE_SIZE = 20


def person_detail(request, slug):
    person = get_object_or_404(Person.objects.with_career().with_portrait().prefetch_related("tags"), slug=slug)
    # Reverse relation from articles: people never imports articles, and the related
    # manager still goes through the articles' published() gate.
    page = page_of(request, person.featured_in.published().with_cards(), per_page=ARTICLES_PAGE_SIZE)
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
    page = page_of(
        request, movements.organisation.featured_in.published().with_cards(), per_page=ARTICLES_PAGE_SIZE
    )
    return render(
        request,
        "people/organisation_detail.html",
        {"organisation": movements.organisation, "movements": movements, "page": page},
    )
