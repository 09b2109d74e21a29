"""Admin tools for tagging people and articles: tag autocomplete and bulk add/remove actions.

Shared by the person and article admins (``articles`` imports this module; ``people`` never
imports ``articles``). The autocomplete script is an external file and reads its endpoint from
a ``data-`` attribute, so it runs under the site's strict CSP with no inline script.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Script
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.forms import TagField, TagWidget

from . import services
from .vocabulary import canonical_tag_names, check_tag_names

AUTOCOMPLETE_URL_NAME = "admin:taggit_tag_names"


class TagAutocompleteWidget(TagWidget):
    """taggit's comma-separated text box, with suggestions from the tag vocabulary as you type."""

    class Media:
        js = [Script("admin-extra/tag-autocomplete.js", defer=True)]
        css = {"all": ["admin-extra/tag-autocomplete.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        try:
            url = reverse(AUTOCOMPLETE_URL_NAME)
        except NoReverseMatch:  # the tag admin is not installed: a plain text box still works
            return context
        context["widget"]["attrs"].update({"data-tag-autocomplete": url, "autocomplete": "off"})
        return context


class VocabularyTagField(TagField):
    """taggit's comma-separated field, refusing names a tag cannot be made of (« ?! ») and
    using the existing tag for a name the tag admin would call a variant of it (« Tést »)."""

    def clean(self, value):
        names = canonical_tag_names(super().clean(value))
        check_tag_names(names)
        return names


class BulkTagsForm(forms.Form):
    tags = VocabularyTagField(
        label=_("Mots-clés"),
        widget=TagAutocompleteWidget(attrs={"class": "vTextField"}),
        help_text=_("Séparez les mots-clés par des virgules : IA, sécurité de l’IA."),
    )


def _bulk_tags(modeladmin, request, queryset, *, service, title, done_message):
    """The intermediate page of a bulk action: ask which tags, then call ``service``."""
    if not request.user.has_perm(services.BULK_TAG_PERMISSION):
        raise PermissionDenied
    form = BulkTagsForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            count = service(objects=queryset, names=form.cleaned_data["tags"], user=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        modeladmin.message_user(request, done_message(count), messages.SUCCESS)
        return None
    opts = modeladmin.model._meta
    return TemplateResponse(
        request,
        "admin/bulk_tags.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": opts,
            "form": form,
            "media": modeladmin.media + form.media,
            "objects": queryset,
            "action": request.POST.get("action"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        },
    )


@admin.action(description=_("Ajouter des mots-clés aux éléments sélectionnés"), permissions=["bulk_tag"])
def add_tags(modeladmin, request, queryset):
    return _bulk_tags(
        modeladmin,
        request,
        queryset,
        service=services.tags_add,
        title=_("Ajouter des mots-clés"),
        done_message=lambda n: ngettext(
            "Mots-clés ajoutés à %(count)d élément.", "Mots-clés ajoutés à %(count)d éléments.", n
        )
        % {"count": n},
    )


@admin.action(description=_("Retirer des mots-clés des éléments sélectionnés"), permissions=["bulk_tag"])
def remove_tags(modeladmin, request, queryset):
    return _bulk_tags(
        modeladmin,
        request,
        queryset,
        service=services.tags_remove,
        title=_("Retirer des mots-clés"),
        done_message=lambda n: ngettext(
            "Mots-clés retirés de %(count)d élément.", "Mots-clés retirés de %(count)d éléments.", n
        )
        % {"count": n},
    )


class TaggingAdminMixin:
    """Tag autocomplete on the ``tags`` field and the bulk tag actions, for editors."""

    def has_bulk_tag_permission(self, request) -> bool:
        return request.user.has_perm(services.BULK_TAG_PERMISSION)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Added here rather than in ``actions`` so an admin's own actions list stays its own.
        actions = super().get_actions(request, action_location=action_location)
        if self.has_bulk_tag_permission(request):
            for action in (add_tags, remove_tags):
                found = self.get_action(action, action_location)
                if found is not None:  # a list action: not offered on the change form
                    actions[action.__name__] = found
        return actions

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagAutocompleteWidget(attrs={"class": "vTextField"})
            kwargs["form_class"] = VocabularyTagField
        return super().formfield_for_dbfield(db_field, request, **kwargs)
