"""Public pages for people and organisations, derived from CareerEntry rows."""

from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import Person

ARTICLES_SIZE = 20


def person_detail(request, slug):
    person = get_object_or_404(Person.objects.with_career().prefetch_related("tags"), slug=slug)
    # Reverse relation from articles: people never imports articles, and the related
    # manager still goes through the articles' published() gate.
    articles = person.featured_in.published().with_cards()[:ARTICLES_SIZE]
    timeline = person.timeline()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "timeline": timeline,
            "current_roles": [entry for entry in timeline if entry.is_current],
            "articles": articles,
        },
    )


def organisation_detail(request, slug):
    movements = selectors.organisation_movements(slug=slug, tag_slug=request.GET.get("tag") or None)
    articles = movements.organisation.featured_in.published().with_cards()[:ARTICLES_SIZE]
    return render(
        request,
        "people/organisation_detail.html",
        {"organisation": movements.organisation, "movements": movements, "articles": articles},
    )
