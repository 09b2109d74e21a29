import secrets

from django.db import migrations, models


def create_row(apps, schema_editor):
    ContentGeneration = apps.get_model("newsroom", "ContentGeneration")
    ContentGeneration.objects.get_or_create(pk=1, defaults={"token": secrets.token_hex(16)})


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0002_image_roles")]

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=1)),
                ("token", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "génération du contenu",
                "constraints": [models.CheckConstraint(condition=models.Q(("pk", 1)), name="one_content_generation")],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
