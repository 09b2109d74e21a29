"""TagRedirect moves from articles to newsroom.vocabulary: the model changes app, its table
(articles_tagredirect) and rows stay where they are. Its content type follows it, so the
permissions editors were given on it (articles 0006) keep applying; ``grant`` gives them to
editors whatever the database held (and replays the role, as the roles tests do).
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITORS = "Editors"
EDITOR_PERMISSIONS = ["add_tagredirect", "change_tagredirect", "delete_tagredirect", "view_tagredirect"]


def _move_content_type(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.db_manager(schema_editor.connection.alias)
    moving = content_types.filter(app_label=source, model="tagredirect").first()
    if moving is None:
        return
    # A content type already under the target was made by a post_migrate run, which gave it
    # to nobody: the moving one carries the editors' permissions.
    content_types.filter(app_label=target, model="tagredirect").delete()
    moving.app_label = target
    moving.save(update_fields=["app_label"])
    content_types.clear_cache()


def grant(apps, schema_editor):
    app_config = apps.get_app_config("newsroom")
    # Historical app configs have no models module, and create_permissions skips those.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    editors = apps.get_model("auth", "Group").objects.filter(name=EDITORS).first()
    if editors:
        editors.permissions.add(
            *apps.get_model("auth", "Permission").objects.filter(
                content_type__app_label="newsroom", codename__in=EDITOR_PERMISSIONS
            )
        )


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="articles", target="newsroom")
    grant(apps, schema_editor)


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, source="newsroom", target="articles")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_pendingchange_roles"),
        # The table is made there; articles 0015 drops the model from its own state after this.
        ("articles", "0014_edited_in_review"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TagRedirect",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "old_slug",
                            models.SlugField(
                                allow_unicode=True, max_length=100, unique=True, verbose_name="ancien slug"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créée le")),
                        (
                            "tag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="redirects",
                                to="taggit.tag",
                                verbose_name="mot-clé",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "redirection de mot-clé",
                        "verbose_name_plural": "redirections de mots-clés",
                        "db_table": "articles_tagredirect",
                        "ordering": ["old_slug"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
