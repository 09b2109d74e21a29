"""What the desk must look at: overdue items (long in review, embargoes ending soon) and
upcoming ones (scheduled publications, embargoes), for ``manage.py desk``."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .models import Article


@dataclass
class DeskReport:
    in_review_too_long: QuerySet[Article]
    embargo_ending_soon: QuerySet[Article]
    scheduled: QuerySet[Article]
    embargoed: QuerySet[Article]


def desk_report(*, now: datetime.datetime | None = None, review_hours: int = 24, soon_hours: int = 24) -> DeskReport:
    """The four lists of the desk; ``review_hours`` is how long "in review" may last."""
    now = now or timezone.now()
    articles = Article.objects.select_related("status_changed_by", "created_by")
    review_since = now - datetime.timedelta(hours=review_hours)
    soon = now + datetime.timedelta(hours=soon_hours)
    return DeskReport(
        in_review_too_long=articles.in_review()
        .filter(status_changed_at__lte=review_since)
        .order_by("status_changed_at"),
        embargo_ending_soon=articles.embargoed(at=now).filter(embargo_until__lte=soon).order_by("embargo_until"),
        scheduled=articles.scheduled(at=now).order_by("published_at"),
        embargoed=articles.embargoed(at=now).order_by("embargo_until"),
    )
