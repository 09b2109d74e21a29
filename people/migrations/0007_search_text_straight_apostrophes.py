"""Stored search text folds ’ to ' as fold() now does, so a reader's « O'Brien » finds « O’Brien »."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

CURLY = ("\N{RIGHT SINGLE QUOTATION MARK}", "\N{MODIFIER LETTER APOSTROPHE}")


def straighten(apps, schema_editor):
    for name in ("Person", "Organisation"):
        model = apps.get_model("people", name)
        for curly in CURLY:
            model.objects.filter(search_text__contains=curly).update(
                search_text=Replace("search_text", Value(curly), Value("'"))
            )


class Migration(migrations.Migration):
    dependencies = [("people", "0006_french_verbose_names")]

    # Backwards there is nothing to undo: the folded copy is rebuilt on every save.
    operations = [migrations.RunPython(straighten, migrations.RunPython.noop)]
