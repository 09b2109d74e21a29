from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from newsroom import generation, review
        from newsroom.models import Image
        from newsroom.vocabulary import registry

        from . import search
        from .models import Article

        search.connect_signals()
        # The tag admin counts articles' tags first, each count leading to the article list
        # filtered by the tag (ArticleTagFilter's parameter).
        registry.register(Article, position=1, ordering=("headline",), changelist_filter="tags__id__exact")
        # Scheduled publications and embargo ends change what readers see with no save.
        generation.register_visibility(_visibility_changes)
        # An image's caption or credit, once a published page shows the image, is reviewed.
        review.register(Image, shown=lambda image: _image_shown(image, Article))


def _visibility_changes() -> dict:
    from .models import Article

    return Article.objects.visibility_changes()


def _image_shown(image, article_model) -> bool:
    from django.db.models import Q

    from people.models import Organisation, Person

    return (
        article_model.objects.published().filter(Q(hero_image=image) | Q(blocks__image=image)).exists()
        or Person.objects.public().filter(portrait=image).exists()
        or Organisation.objects.public().filter(logo=image).exists()
    )
