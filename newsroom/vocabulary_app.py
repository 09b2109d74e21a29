"""django-taggit under the name editors know it by.

Its own module: in ``newsroom/apps.py`` a second AppConfig class would stop Django from picking
``NewsroomConfig`` by itself, and its ``ready()`` (the page cache's signals) would never run.
"""

from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class VocabularyConfig(TaggitAppConfig):
    """The admin's « Mots-clés » section."""

    verbose_name = _("Mots-clés")
