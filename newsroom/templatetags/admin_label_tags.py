"""The admin templates' French words for a kind of record (``newsroom.admin_labels``):
``{{ opts|add_label }}`` (« Ajouter une personne »), ``{{ opts|new_noun|capfirst }}``
(« Nouvelle question de la FAQ ») and ``{% inline_formset_data inline_admin_formset %}``,
Django's inline settings with « Ajouter une question de la FAQ » on the add button."""

import json

from django import template

from newsroom import admin_labels

register = template.Library()


@register.filter
def add_label(opts) -> str:
    return admin_labels.add_label(opts)


@register.filter
def new_noun(opts) -> str:
    return admin_labels.new_noun(opts)


@register.simple_tag
def inline_formset_data(inline_admin_formset) -> str:
    """Django's ``InlineAdminFormSet.inline_formset_data`` (read by inlines.js), its add
    button saying « Ajouter un membre de la liste » instead of « Ajouter un objet Membre de
    la liste supplémentaire »."""
    data = json.loads(inline_admin_formset.inline_formset_data())
    data["options"]["addText"] = admin_labels.add_label(inline_admin_formset.opts)
    return json.dumps(data)
