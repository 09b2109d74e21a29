"""The published articles' index, newest first, covers what a sitemap page reads.

It served counts as (published_at, embargo_until); it is now (published_at, id) with the
embargo date, slug and last change included, so the sitemap's deepest page of 2,000 articles
skips along it instead of reading and sorting the whole table (150 → 24 ms at 100,000
articles), and counts stay index-only (11.7 → 13.3 ms, warm).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_live_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="articles_live_idx",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["published_at", "id"],
                include=("embargo_until", "slug", "updated_at"),
                name="articles_live_idx",
            ),
        ),
    ]
