from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Personnes et organisations")

    def ready(self):
        from . import vocabulary

        vocabulary.connect_signals()
