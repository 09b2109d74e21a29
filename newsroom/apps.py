from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import generation, renditions
        from .models import Image, Rendition

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(generation.invalidate_on_change, dispatch_uid=f"pagecache-{signal!r}")
        # Stored files go with their rows (an image deleted in the admin, a stale rendition).
        for model in (Image, Rendition):
            post_delete.connect(renditions.delete_files, sender=model, dispatch_uid=f"files-{model.__name__}")
