from django.apps import AppConfig
from django.core import checks


class SiteConfig(AppConfig):
    """The roof of the project: the only part of ``newsroom`` that imports the apps."""

    name = "newsroom.site"
    label = "newsroom_site"
    verbose_name = "Site"

    def ready(self):
        from . import pagecache

        checks.register(pagecache.check_shared_cache, checks.Tags.caches, deploy=True)
