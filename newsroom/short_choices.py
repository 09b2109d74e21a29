"""Relations chosen from a plain menu while the table is short, searched once it is long.

An autocomplete box (select2) costs three gestures per choice (open, type, pick) and hides
what exists; a menu of a few dozen names costs one and shows them all. Past
``SHORT_CHOICES`` rows the admin's autocomplete takes over, as a menu of thousands of
people would be unusable and heavy.
"""

SHORT_CHOICES = 40


class ShortChoicesAdminMixin:
    """For a ModelAdmin or inline: its ``autocomplete_fields`` that point to a short table
    (one to one or many to one) are plain menus. Many-to-many fields stay searched: a
    multiple menu is hard to use at any length."""

    short_choices = SHORT_CHOICES

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        return [name for name in fields if not self._is_short(request, name)]

    def _is_short(self, request, name: str) -> bool:
        field = self.model._meta.get_field(name)
        if field.many_to_many:
            return False
        model = field.related_model
        # Counted once per request, whatever the number of inline rows asking.
        counts = request.__dict__.setdefault("_short_choice_counts", {})
        if model not in counts:
            counts[model] = model._default_manager.all()[: self.short_choices + 1].count()
        return counts[model] <= self.short_choices
