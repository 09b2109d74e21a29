"""The article's inlines: body blocks and FAQ entries, edited with their article."""

from django.contrib import admin
from django.forms import Script

from newsroom.short_choices import ShortChoicesAdminMixin
from newsroom.sortable import SortableInlineMixin

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

    class Media:
        js = [Script("admin-extra/block-editor.js", defer=True)]
        css = {"all": ["admin-extra/block-editor.css"]}


class FaqEntryInline(ArticleChildInline, SortableInlineMixin, admin.StackedInline):
    model = FaqEntry
    extra = 0
    fields = [("question", "position"), "answer"]
