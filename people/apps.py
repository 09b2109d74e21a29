from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Personnes et organisations")

    def ready(self):
        from newsroom import review

        from . import vocabulary
        from .models import Organisation, PeopleList, Person

        vocabulary.connect_signals()
        # A journalist's change to what readers see waits for an editor (newsroom.review).
        review.register(Person, children=("career_entries",), shown=lambda person: person.is_public)
        review.register(Organisation, shown=lambda organisation: organisation.is_public)
        review.register(PeopleList, children=("members",), shown=lambda people_list: people_list.is_public)
