"""The article's inlines: body blocks and FAQ entries, edited with their article."""

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms import Script

from newsroom.short_choices import ShortChoicesAdminMixin
from newsroom.sortable import OrderedInlineForm, SortableInlineMixin
from newsroom.typography import FrenchTypographyFormMixin

from .block_editor import KIND_FIELDS, BlockForm, BlockFormSet
from .models import Block, FaqEntry
from .permissions import can_edit


class ArticleChildInline:
    """Blocks and FAQ entries may be changed exactly when their article may be."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_edit(request.user, obj)


class BlockInline(ArticleChildInline, ShortChoicesAdminMixin, SortableInlineMixin, admin.StackedInline):
    """The body as typed blocks: a kind is chosen when a block is added, and the block then
    shows that kind's fields only (``block_editor``)."""

    model = Block
    form = BlockForm
    formset = BlockFormSet
    template = "admin/articles/block/inline.html"
    extra = 0
    autocomplete_fields = [
        "speaker",
        "source_organisation",
        "timeline_person",
        "timeline_organisation",
        "people_list",
        "image",
    ]
    # Every field of every kind: each form keeps its own kind's (BlockForm).
    fields = ["kind", "position", *sorted(KIND_FIELDS)]

    def get_queryset(self, request):
        # What each folded block's summary names, read with the blocks.
        return super().get_queryset(request).select_related("speaker", "timeline_person", "people_list", "image")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            # From a block, a person or a list is chosen, added or changed: deleting one
            # (from every article that shows it) is not a block's business.
            widget.can_delete_related = False
            widget.can_view_related = False
        return formfield

    # Its own Media replaces the mixin's, which is named again.
    class Media:
        js = [*SortableInlineMixin.Media.js, Script("admin-extra/block-editor.js", defer=True)]
        css = {"all": [*SortableInlineMixin.Media.css["all"], "admin-extra/block-editor.css"]}


class FaqEntryForm(FrenchTypographyFormMixin, OrderedInlineForm):
    typography_fields = ["question"]
    typography_html_fields = ["answer"]


class FaqEntryInline(ArticleChildInline, SortableInlineMixin, admin.StackedInline):
    model = FaqEntry
    form = FaqEntryForm
    classes = [*SortableInlineMixin.classes, "auto-rows"]
    fields = [("question", "position"), "answer"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new story opens with an empty question to type in; the next appears once it is
        # used (inline-rows.js). A saved one adds them with « Ajouter ».
        return 1 if obj is None else 0

    class Media:
        js = [*SortableInlineMixin.Media.js, Script("admin-extra/inline-rows.js", defer=True)]
        css = SortableInlineMixin.Media.css
