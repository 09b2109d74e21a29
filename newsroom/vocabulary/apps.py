"""django-taggit under the name editors know it by, and the vocabulary's one signal.

Not in ``newsroom/apps.py``: a second AppConfig class there would stop Django from picking
``NewsroomConfig`` by itself, and its ``ready()`` (the page cache's signals) would never run.
"""

from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class VocabularyConfig(TaggitAppConfig):
    """The admin's « Mots-clés » section."""

    verbose_name = _("Mots-clés")

    def ready(self):
        from taggit.models import Tag

        from .rules import give_empty_slug_an_address

        super().ready()
        # Every way a tag is made (a tags box, the shell, an import) gets it an address.
        pre_save.connect(give_empty_slug_an_address, sender=Tag, dispatch_uid="newsroom.vocabulary.slug")
