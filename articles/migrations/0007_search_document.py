"""Full-text search: the body's plain text on Article, and on PostgreSQL a French,
accent-blind text search configuration with a GIN index over headline, standfirst and body.

The PostgreSQL part is skipped on SQLite, where articles/search.py falls back to a simple
accent-folded substring search.
"""

from html import unescape

from django.db import migrations, models
from django.utils.html import strip_tags

# Same expression as articles.search.search_vector(): PostgreSQL only uses an expression
# index for a query whose expression is identical.
VECTOR_SQL = (
    "(setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(headline, '')), 'A')"
    " || setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(standfirst, '')), 'B'))"
    " || setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(search_document, '')), 'C')"
)

FORWARD_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
    "CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french)",
    # Accents go before stemming, so « sécurité » and « securite » share one lexeme.
    "ALTER TEXT SEARCH CONFIGURATION french_unaccent"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
    f"CREATE INDEX articles_article_search_idx ON articles_article USING gin (({VECTOR_SQL}))",
]
BACKWARD_SQL = [
    "DROP INDEX IF EXISTS articles_article_search_idx",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
    # The unaccent extension stays: other database objects may use it, and it is harmless.
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


def fill_documents(apps, schema_editor):
    """Existing articles get their body text (the same text articles.search builds)."""
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.using(schema_editor.connection.alias).iterator():
        parts = [unescape(strip_tags(text)) for text in article.blocks.values_list("text", flat=True)]
        for question, answer in article.faq_entries.values_list("question", "answer"):
            parts += [question, unescape(strip_tags(answer))]
        document = "\n".join(part.strip() for part in parts if part and part.strip())
        Article.objects.filter(pk=article.pk).update(search_document=document)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_tagredirect"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="texte indexé"),
        ),
        migrations.RunPython(fill_documents, migrations.RunPython.noop),
        migrations.RunPython(postgres_forward, postgres_backward),
    ]
