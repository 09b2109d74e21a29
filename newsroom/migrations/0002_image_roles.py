"""Roles for the image library.

Journalists add pictures and describe them (alt text, caption, credit, focal point);
editors may also delete a picture no page uses. Renditions are made by the code only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JOURNALISTS = "Journalists"
EDITORS = "Editors"
ROLES = {
    JOURNALISTS: ["add_image", "change_image", "view_image"],
    EDITORS: ["add_image", "change_image", "view_image", "delete_image"],
}


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="newsroom", codename__in=codenames)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("newsroom")
    # Historical app configs have no models module, and create_permissions skips those.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("articles", "0005_workflow_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
