"""The newsroom's two roles as groups: "Journalists" draft, "Editors" publish and manage.

Permissions are normally created after ``migrate`` finishes (post_migrate), too late for a
migration that assigns them, so they are created here first. ``publish_article`` is the
one custom permission: editors have it, journalists do not, and the admin reads it to keep
the "publié" status out of a journalist's reach.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JOURNALISTS = "Journalists"
EDITORS = "Editors"

JOURNALIST_PERMISSIONS = {
    "articles": {
        "article": ["add", "change", "view"],
        "block": ["add", "change", "view"],
        "faqentry": ["add", "change", "view"],
        "section": ["view"],
    },
    "people": {
        "person": ["add", "change", "view"],
        "organisation": ["add", "change", "view"],
        "careerentry": ["add", "change", "view"],
        "peoplelist": ["add", "change", "view"],
        "peoplelistmember": ["add", "change", "view"],
    },
    "taggit": {"tag": ["view"]},
}
EDITOR_MODELS = {"taggit": ["tag", "taggeditem"]}
EDITOR_APPS = ["articles", "people"]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module, and create_permissions skips those.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    article_type = ContentType.objects.get_for_model(apps.get_model("articles", "Article"))
    Permission.objects.get_or_create(
        content_type=article_type,
        codename="publish_article",
        defaults={"name": "Can publish, schedule and unpublish article"},
    )

    journalists, _ = Group.objects.get_or_create(name=JOURNALISTS)
    journalists.permissions.set(
        Permission.objects.get(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=f"{action}_{model}",
        )
        for app_label, models in JOURNALIST_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    )

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editor_permissions = Permission.objects.filter(content_type__app_label__in=EDITOR_APPS)
    for app_label, models in EDITOR_MODELS.items():
        editor_permissions |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    editors.permissions.set(editor_permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[JOURNALISTS, EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("people", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
