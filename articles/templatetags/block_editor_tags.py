"""Template helpers of the typed block editor (``admin/articles/block/inline.html``)."""

from django import template

from articles import block_editor

register = template.Library()


@register.filter
def kind_fields(inline_admin_form):
    """The block's form laid out with its own kind's fields."""
    return block_editor.kind_admin_form(inline_admin_form)


@register.simple_tag
def kind_templates(inline_admin_formset):
    return list(block_editor.kind_templates(inline_admin_formset))
