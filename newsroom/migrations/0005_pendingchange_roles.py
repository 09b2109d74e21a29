"""Roles for pending changes: journalists see what waits, editors approve or reject it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Journalists": ["view_pendingchange"],
    "Editors": ["view_pendingchange", "delete_pendingchange", "approve_pendingchange"],
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
        ("newsroom", "0004_pendingchange"),
        ("newsroom", "0002_image_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
