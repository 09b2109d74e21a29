from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("Personnes et organisations")

    def ready(self):
        from newsroom import review
        from newsroom.vocabulary import registry

        from .models import Organisation, PeopleList, Person, keep_search_text

        # The tag admin counts people's tags in the column after the articles'.
        registry.register(Person, position=2, ordering=("name",))
        for model in (Organisation, Person):
            pre_save.connect(
                keep_search_text, sender=model, dispatch_uid=f"people_{model._meta.model_name}_search_text"
            )
        # A journalist's change to what readers see waits for an editor (newsroom.review).
        review.register(Person, children=("career_entries",), shown=lambda person: person.is_public)
        review.register(Organisation, shown=lambda organisation: organisation.is_public)
        review.register(PeopleList, children=("members",), shown=lambda people_list: people_list.is_public)
