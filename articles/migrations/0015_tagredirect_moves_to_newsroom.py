# TagRedirect now belongs to newsroom (newsroom 0006 takes it over with its table,
# articles_tagredirect): it leaves articles' state only, no table is dropped.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_edited_in_review"),
        ("newsroom", "0006_tagredirect"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TagRedirect")],
            database_operations=[],
        ),
    ]
