"""Trigram indexes on the people's and organisations' folded ``search_text`` (PostgreSQL).

Reader search finds people and organisations with ``search_text LIKE '%word%'`` and the
article admin finds bylines with a whole-word regular expression on the same column; neither
can use a B-tree, so PostgreSQL read all 10,000 people for each (5.6 ms for « securite », and
13 ms for a byline folded with unaccent() on every name). pg_trgm's GIN index serves both
LIKE and regular expressions: 1.3 ms for « securite » (908 people), 0.04 ms for « weng »,
1.3 ms for the byline « martin » (415 people), at 10,000 people.

On SQLite nothing is done: the database is small there and LIKE reads it all.
"""

from django.db import migrations

FORWARD_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX people_person_search_trgm ON people_person USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX people_organisation_search_trgm ON people_organisation USING gin (search_text gin_trgm_ops)",
]
BACKWARD_SQL = [
    "DROP INDEX IF EXISTS people_person_search_trgm",
    "DROP INDEX IF EXISTS people_organisation_search_trgm",
    # The pg_trgm extension stays: other database objects may use it, and it is harmless.
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def postgres_forward(apps, schema_editor):
    _run(schema_editor, FORWARD_SQL)


def postgres_backward(apps, schema_editor):
    _run(schema_editor, BACKWARD_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_search_text"),
    ]

    operations = [
        migrations.RunPython(postgres_forward, postgres_backward),
    ]
