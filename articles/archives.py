"""Month archives (/archives/2024/11/): the published articles of one month, in pages.

Months are Paris months: an article published at 00:30 on 1 December, Paris time, belongs
to December even though it is still November in UTC.
"""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from newsroom.pagination import page_of

from .models import Article

PAGE_SIZE = 20
FIRST_YEAR, LAST_YEAR = 1900, 2100


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the month and of the next one, in the site's time zone, or 404.

    Years outside 1900–2100 are refused: no newsroom has articles there, and the first
    and last years a datetime can hold overflow once shifted to UTC.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Mois invalide")
    try:
        start = datetime.datetime(year, month, 1)
        end = datetime.datetime(year + month // 12, month % 12 + 1, 1)
    except (ValueError, OverflowError):
        raise Http404("Mois invalide") from None
    return timezone.make_aware(start), timezone.make_aware(end)


def _month_of(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date().replace(day=1) if moment else None


def month_archive(request, year: int, month: int):
    """A month's articles, newest first, with links to the nearest months that have any.

    A month without a published article is a 404, as Django's date-based views do, so
    crawlers do not index empty pages.
    """
    start, end = month_bounds(year, month)
    published = Article.objects.published()
    in_month = published.filter(published_at__gte=start, published_at__lt=end)
    page = page_of(request, in_month.with_cards(), per_page=PAGE_SIZE)
    if not page.object_list:
        raise Http404("Aucun article publié ce mois-ci")
    dates = published.values_list("published_at", flat=True)
    previous_month = _month_of(dates.filter(published_at__lt=start).order_by("-published_at").first())
    next_month = _month_of(dates.filter(published_at__gte=end).order_by("published_at").first())
    return render(
        request,
        "articles/archive_month.html",
        {"month": start.date(), "page": page, "previous_month": previous_month, "next_month": next_month},
    )
