"""``python manage.py desk``: the desk's list of overdue and upcoming articles.

Nothing needs to run for a scheduled or embargoed article to appear (the public gate reads
the clock); this command only tells the desk what is waiting and what is about to happen.
"""

from django.core.management.base import BaseCommand
from django.utils import formats, timezone

from articles import workflow
from articles.desk import desk_report


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "?"


class Command(BaseCommand):
    help = "Liste les articles en retard (longtemps en relecture, fin d’embargo proche) et à venir."

    def add_arguments(self, parser):
        parser.add_argument(
            "--review-hours",
            type=int,
            default=24,
            help="Au-delà de ce nombre d’heures en relecture, un article est en retard (24).",
        )
        parser.add_argument(
            "--soon-hours",
            type=int,
            default=24,
            help="Fenêtre, en heures, des embargos qui se lèvent bientôt (24).",
        )

    def handle(self, *args, review_hours, soon_hours, **options):
        report = desk_report(review_hours=review_hours, soon_hours=soon_hours)
        sections = [
            (
                f"En relecture depuis plus de {review_hours} h",
                report.in_review_too_long,
                lambda a: f"depuis le {_when(a.status_changed_at)}",
            ),
            (
                f"Embargo levé dans les {soon_hours} h",
                report.embargo_ending_soon,
                lambda a: f"embargo jusqu’au {_when(a.embargo_until)}",
            ),
            ("Programmés", report.scheduled, workflow.status_dated),
            ("Sous embargo", report.embargoed, lambda a: f"embargo jusqu’au {_when(a.embargo_until)}"),
        ]
        for title, articles, describe in sections:
            articles = list(articles)
            self.stdout.write(self.style.MIGRATE_HEADING(f"{title} ({len(articles)})"))
            for article in articles:
                self.stdout.write(f"  #{article.pk} {article.headline} — {describe(article)}")
            if not articles:
                self.stdout.write("  (aucun)")
