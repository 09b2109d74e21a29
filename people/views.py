from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import CareerEntry, Organisation, Person


def person_detail(request, slug):
    person = get_object_or_404(Person.objects.with_career().prefetch_related("tags"), slug=slug)
    # Reverse relation from articles: people never imports articles, and the related
    # manager still goes through the articles' published() gate.
    articles = person.featured_in.published().with_cards()[:20]
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "timeline": person.timeline(), "articles": articles},
    )


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
    former = [entry for entry in entries if not entry.is_current and entry.person_id not in current_ids]
    return render(
        request,
        "people/organisation_detail.html",
        {"organisation": organisation, "current_entries": current, "former_entries": former},
    )
