"""Public pages for people and organisations, derived from CareerEntry rows."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import CareerEntry, Organisation, Person

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


def _departure_key(entry: CareerEntry):
    """Most recent departures first; a departure with no known date goes last."""
    return (entry.end_date is None, -(entry.end_date.toordinal() if entry.end_date else 0), entry.person.name)


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related(
            Prefetch(
                "career_entries",
                queryset=CareerEntry.objects.select_related("person", "destination").order_by(
                    "person__name", "start_date"
                ),
            )
        ),
        slug=slug,
    )
    entries = list(organisation.career_entries.all())
    current = [entry for entry in entries if entry.is_current]
    current_ids = {entry.person_id for entry in current}
    # Someone who left one role but still holds another here is a current member, not a departure.
    former = sorted(
        (entry for entry in entries if not entry.is_current and entry.person_id not in current_ids),
        key=_departure_key,
    )
    articles = organisation.featured_in.published().with_cards()[:ARTICLES_SIZE]
    return render(
        request,
        "people/organisation_detail.html",
        {
            "organisation": organisation,
            "current_entries": current,
            "former_entries": former,
            "articles": articles,
        },
    )
