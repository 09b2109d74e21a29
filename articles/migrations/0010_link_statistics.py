"""PostgreSQL keeps exact statistics on who and what articles cite.

The person, organisation and tag pages list the articles citing one row, newest first. With
the default statistics PostgreSQL assumes every organisation is cited as often as the
average one (179 articles at 100,000 articles); for one cited in a single old article, such
as the demo's OpenAI, it then walks the whole published_at index backwards looking for it:
2.2 s. With a statistics target of 10,000 it records each value's own frequency (up to
10,000 values), picks the link table's index and answers in under a millisecond. ANALYZE of
these tables stays well under a second at that size.
"""

from django.db import migrations

COLUMNS = [
    ("articles_article_people", "person_id"),
    ("articles_article_organisations", "organisation_id"),
    ("taggit_taggeditem", "tag_id"),
]


def _statistics(schema_editor, target):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {target}")
        schema_editor.execute(f"ANALYZE {table}")


def forward(apps, schema_editor):
    _statistics(schema_editor, 10000)


def backward(apps, schema_editor):
    _statistics(schema_editor, -1)  # back to default_statistics_target


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_search_vector"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forward, backward)]
