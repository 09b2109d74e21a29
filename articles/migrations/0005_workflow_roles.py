"""Roles for the editorial workflow.

Journalists may now remove a paragraph, a FAQ entry, a career row or a list member from
their own draft (the admin still limits them to their drafts); editors get every
permission of the workflow's new models (share links, slug redirects). ``publish_article``
is now declared in ``Article.Meta.permissions``; the roles migration created it already.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JOURNALISTS = "Journalists"
EDITORS = "Editors"

JOURNALIST_DELETIONS = {
    "articles": ["block", "faqentry"],
    "people": ["careerentry", "peoplelistmember"],
}
EDITOR_MODELS = {"articles": ["sharelink", "slugredirect"]}


def _permissions(apps, models_by_app, actions=None):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.none()
    for app_label, models in models_by_app.items():
        for model in models:
            codenames = [f"{action}_{model}" for action in actions] if actions else None
            found = Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
            permissions |= found.filter(codename__in=codenames) if codenames else found
    return permissions


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module, and create_permissions skips those.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    journalists = Group.objects.filter(name=JOURNALISTS).first()
    if journalists:
        journalists.permissions.add(*_permissions(apps, JOURNALIST_DELETIONS, ["delete"]))
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        editors.permissions.add(*_permissions(apps, EDITOR_MODELS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    journalists = Group.objects.filter(name=JOURNALISTS).first()
    if journalists:
        journalists.permissions.remove(*_permissions(apps, JOURNALIST_DELETIONS, ["delete"]))
    editors = Group.objects.filter(name=EDITORS).first()
    if editors:
        editors.permissions.remove(*_permissions(apps, EDITOR_MODELS))


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_workflow")]

    operations = [migrations.RunPython(grant, revoke)]
