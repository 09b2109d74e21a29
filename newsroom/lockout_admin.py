"""« Débloquer » on django-axes' failed-login list: lifts the locks the chosen rows hold.

A row is one username tried from one address. Unlocking it clears every failure on that
username (from any address) and from that address (for any username), so the three limits of
``newsroom/login_throttle.py`` all start again from zero for them.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_labels import FrenchLabelsAdminMixin


class UnlockingAccessAttemptAdmin(FrenchLabelsAdminMixin, AccessAttemptAdmin):
    actions = [*AccessAttemptAdmin.actions, "unlock"]

    @admin.action(description=_("Débloquer"), permissions=["delete"])
    def unlock(self, request, queryset):
        pairs = set(queryset.values_list("username", "ip_address"))
        for username, ip_address in pairs:
            reset(ip=ip_address, username=username, ip_or_username=True)
        self.message_user(
            request,
            ngettext(
                "Connexions débloquées pour %(count)d identifiant et son adresse.",
                "Connexions débloquées pour %(count)d identifiants et leurs adresses.",
                len(pairs),
            )
            % {"count": len(pairs)},
            messages.SUCCESS,
        )


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, UnlockingAccessAttemptAdmin)
