"""RSS 2.0 and Atom feeds: the whole site, a section, a tag, and the articles about a person.

Each feed is a ``django.contrib.syndication`` Feed and each subclass overrides one hook at
a time (which object, which articles, which title); the Atom variants only change the
feed type. Items always come through ``Article.objects.published()`` and are a bounded
number of the latest, loaded in a fixed number of queries whatever their authors and tags.
Links are written on the publication's configured origin, like canonical links.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from newsroom.jsonld import absolute_url
from people.models import Person

from . import selectors
from .models import Article, Section

FEED_SIZE = 30


class SiteFeed(Feed):
    """The latest published articles of the whole site (RSS 2.0)."""

    feed_type = Rss201rev2Feed
    language = settings.LANGUAGE_CODE

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed writer appends hundreds of small strings; sent as they are, each is its own
        # socket write (several milliseconds for a feed). One piece goes out in one write.
        response.content = response.content
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Syndication would name the requested host; subscribers should keep the canonical one.
        feed.feed["feed_url"] = absolute_url(request.path)
        return feed

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).select_related("section").prefetch_related("authors", "tags")[:FEED_SIZE]

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj):
        return absolute_url(reverse("articles:home"))

    def description(self, obj):
        return _("Les derniers articles publiés.")

    def subtitle(self, obj):
        # Atom's name for the description; RSS ignores it.
        return self.description(obj)

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.standfirst

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors.all()) or None

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class SectionFeed(SiteFeed):
    """The latest articles of one section."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def articles(self, section):
        return Article.objects.published().filter(section=section)

    def title(self, section):
        return f"{section.name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, section):
        return absolute_url(section.get_absolute_url())

    def description(self, section):
        return _("Les derniers articles de la rubrique %(name)s.") % {"name": section.name}


class TagFeed(SiteFeed):
    """The latest articles with one tag."""

    def get_object(self, request, slug):
        tag = selectors.public_tag(slug=slug)
        if tag is None:
            raise Http404("Mot-clé inconnu")
        return tag

    def articles(self, tag):
        return Article.objects.published().tagged(tag)

    def title(self, tag):
        return f"{tag.name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, tag):
        return absolute_url(reverse("articles:tag", kwargs={"slug": tag.slug}))

    def description(self, tag):
        return _("Les derniers articles avec le mot-clé « %(name)s ».") % {"name": tag.name}


class PersonFeed(SiteFeed):
    """The latest articles about one person (not by them: bylines are not a subject)."""

    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.public(), slug=slug)

    def articles(self, person):
        return Article.objects.published().featuring(person)

    def title(self, person):
        return f"{person.name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, person):
        return absolute_url(person.get_absolute_url())

    def description(self, person):
        return _("Les derniers articles sur %(name)s.") % {"name": person.name}


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed


class PersonAtomFeed(PersonFeed):
    feed_type = Atom1Feed
