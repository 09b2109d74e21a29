"""The admin side of ``newsroom.review``: a journalist's save becomes a pending change, the form
shows the proposed version, and editors approve or reject it from the object's page or from
the list of pending changes."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import review
from .admin_labels import FrenchLabelsAdminMixin
from .models import PendingChange


class ReviewedAdminMixin:
    """For the admin of a model registered with ``newsroom.review``."""

    change_form_template = "admin/reviewed_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/relecture/<str:decision>/",
                self.admin_site.admin_view(self.review_decision),
                name=f"{name}_review",
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        change = review.pending_for(obj)
        propose = request.method == "POST" and obj is not None and review.needs_review(request.user, obj)
        if change is None and not propose:
            request._review = {}
            return super().changeform_view(request, object_id, form_url, extra_context)
        extra_context = {
            **(extra_context or {}),
            "pending_change": change,
            "pending_lines": review.describe(change) if change else [],
            "can_approve": review.can_approve(request.user),
        }
        with transaction.atomic():
            sid = transaction.savepoint()
            base = change.base if change else review.serialise(obj)
            known = {row["pk"] for row in (change.data if change else base)["rows"]}
            request._review = {"base": base, "known": known, "propose": propose}
            if request.method == "POST":
                if change is not None:
                    review.apply(change, final=False)
                response = super().changeform_view(request, object_id, form_url, extra_context)
            else:
                with review.showing_proposals():
                    review.apply(change, final=False)
                    response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # while the proposed version is in the database
            saved = request.method == "POST" and response.status_code == 302
            proposed = request._review.get("proposed")
            if proposed is not None:
                # The journalist's save is undone; what it would have written is kept aside.
                transaction.savepoint_rollback(sid)
                review.propose(obj=obj, by=request.user, base=base, data=proposed)
            elif saved and change is not None:
                # An editor saved the form that showed the proposal: it is live now.
                review.give_real_keys(obj)
                change.delete()
            else:
                transaction.savepoint_rollback(sid)
        return response

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if hasattr(self.model, "is_public") and not review.can_approve(request.user):
            fields.append("is_public")  # an editor's decision
        return fields

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:  # a new entry is public if an editor makes it, waits if a journalist does
            fields = [field for field in fields if field != "is_public"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "is_public"):
            obj.is_public = review.can_approve(request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        state = getattr(request, "_review", {})
        obj = form.instance
        if state.get("propose"):
            state["proposed"] = review.proposed_state(obj, known_pks=state["known"])
        elif review.can_approve(request.user) and review.is_shown(obj):
            review.make_public(review.referenced(obj))

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "_review", {}).get("proposed") is not None and level == messages.SUCCESS:
            message = _(
                "Votre modification attend l’approbation d’un éditeur : les lecteurs voient encore "
                "la version en ligne, les aperçus montrent déjà la vôtre."
            )
            level = messages.WARNING
        return super().message_user(request, message, level, *args, **kwargs)

    def review_decision(self, request, object_id, decision):
        """POST: approve or reject the pending change of one object."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        change = review.pending_for(obj)
        if obj is None or change is None:
            messages.info(request, _("Aucune modification en attente."))
            return redirect("admin:index")
        if decision == "approuver":
            review.approve(change=change, by=request.user)
            messages.success(request, _("Modification approuvée : elle est en ligne."))
        elif decision == "refuser":
            review.reject(change=change, by=request.user)
            messages.success(request, _("Modification refusée : la version en ligne reste."))
        else:
            raise PermissionDenied
        opts = self.model._meta
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


@admin.register(PendingChange)
class PendingChangeAdmin(FrenchLabelsAdminMixin, admin.ModelAdmin):
    """What waits for an editor, who proposed it and when; approved or rejected in bulk."""

    list_display = ["object_link", "content_type", "created_by", "created_at"]
    list_select_related = ["content_type", "created_by"]
    # Only the kinds that have a change waiting, not every table of the project.
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter)]
    actions = ["approve_selected", "reject_selected"]
    readonly_fields = ["object_link", "content_type", "created_by", "created_at", "summary"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_approve_permission(self, request):
        return review.can_approve(request.user)

    @admin.display(description=gettext_lazy("élément"))
    def object_link(self, change):
        opts = change.content_type.model_class()._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[change.object_id])
        return format_html('<a href="{}">{}</a>', url, change.object_repr)

    @admin.display(description=gettext_lazy("changements"))
    def summary(self, change):
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in review.describe(change)))
        )

    @admin.action(description=gettext_lazy("Approuver (mettre en ligne)"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        for change in queryset:
            review.approve(change=change, by=request.user)
        self.message_user(request, _("Modifications approuvées : elles sont en ligne."), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Refuser"), permissions=["approve"])
    def reject_selected(self, request, queryset):
        for change in queryset:
            review.reject(change=change, by=request.user)
        self.message_user(request, _("Modifications refusées."), messages.SUCCESS)
