"""Sitemaps: an index at /sitemap.xml, one sitemap per kind of page, and a Google News sitemap.

Every location is written on the publication's configured origin (NEWSROOM_SITE_URL),
like canonical links, so search engines see one URL per page whatever host was asked.
Each sitemap is cut into pages of ``limit`` URLs (``?p=2``), well under the protocol's
50,000, and the index lists every page; lastmod dates come from the rows themselves.
"""

import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models import Article, Section
from articles.selectors import public_tags
from newsroom.links import slug_urls
from newsroom.pagination import MAX_OFFSET
from people.models import Organisation, Person

# Google News reads articles of the last two days only, and 1,000 of them per sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


class _UncountedPaginator(Paginator):
    """Sitemap pages read as one slice, without counting the whole sitemap first.

    Django's paginator counts to check the page number; here a page past the end is found
    empty and answers 404 all the same. The index still counts, to list the pages; a page
    does not, since counting a whole sitemap (every public tag, say) costs more than
    reading the page itself.
    """

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("The page number is not an integer.") from None
        if number < 1:
            raise EmptyPage("The page number is less than 1.")
        bottom = (number - 1) * self.per_page
        # A hand-edited ?p=100000000000000000000 must not reach the database as an OFFSET.
        rows = list(self.object_list[bottom : bottom + self.per_page]) if bottom <= MAX_OFFSET else []
        if not rows and number > 1:
            raise EmptyPage("That page contains no results.")
        return self._get_page(rows, number, self)


class SiteSitemap(Sitemap):
    # URLs a page, as WordPress's own sitemaps: a crawler may read a page nobody has cached,
    # and a smaller page keeps that read short however large the archive.
    limit = 2000
    # The date field behind lastmod, so the index can ask the database for the latest one
    # instead of Sitemap's default of reading every item.
    lastmod_field = "updated_at"
    # The view each item's address goes to, by its slug (None: the item's get_absolute_url()).
    # Items are then read as rows (slug and date), not models: building thousands of model
    # instances a page for two fields is wasted work.
    url_name = None

    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).netloc

    @property
    def paginator(self):
        return _UncountedPaginator(self._items(), self.limit)

    def location(self, item):
        if self.url_name is None:
            return item.get_absolute_url()
        return self._slug_url(item.slug)

    @cached_property
    def _slug_url(self):
        return slug_urls(self.url_name)

    def get_latest_lastmod(self):
        if not self.lastmod_field:
            return None
        return self.items().order_by().aggregate(latest=Max(self.lastmod_field))["latest"]

    def counted(self):
        """The rows items() lists, without what it adds to show them: the index counts these.

        Building the article sitemap's lastmod annotations only to count is wasted work."""
        return self.items()

    def page_count(self) -> int:
        return Paginator(self.counted(), self.limit).num_pages


class SitemapArticle(NamedTuple):
    slug: str
    content_updated: datetime.datetime


class _ArticleRows:
    """The article sitemap's items for its paginator: slices, each read by
    ``content_updates()`` (slugs and dates, in two queries) rather than as annotated models:
    the per-article subqueries of ``with_content_updated_at()`` run once for each of a page's
    thousands of rows."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __getitem__(self, index: slice) -> list[SitemapArticle]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("the article sitemap's rows are read by slices")
        rows = self.queryset.content_updates(index)
        return [SitemapArticle(slug, updated) for _pk, slug, updated in rows]


class ArticleSitemap(SiteSitemap):
    url_name = "articles:detail"

    def items(self):
        return _ArticleRows(Article.objects.published().order_by("-published_at", "-pk"))

    def lastmod(self, article):
        # An article's page changes when a career or people list it embeds is corrected.
        return article.content_updated

    def get_latest_lastmod(self):
        return Article.objects.published().latest_content_update()

    def counted(self):
        return Article.objects.published()


class PersonSitemap(SiteSitemap):
    url_name = "people:person"

    def items(self):
        return Person.objects.public().order_by("name", "pk").values_list("slug", "updated_at", named=True)

    def lastmod(self, person):
        return person.updated_at


class OrganisationSitemap(SiteSitemap):
    url_name = "people:organisation"

    def items(self):
        return Organisation.objects.public().order_by("name", "pk").values_list("slug", "updated_at", named=True)

    def lastmod(self, organisation):
        return organisation.updated_at


class TagSitemap(SiteSitemap):
    # Tags carry no dates of their own.
    lastmod_field = None
    url_name = "articles:tag"

    def items(self):
        return public_tags().values_list("slug", named=True)


class SectionSitemap(SiteSitemap):
    """Sections, dated by the last change to one of their published articles."""

    lastmod_field = "last_article_change"

    def items(self):
        latest = Article.objects.published().filter(section=OuterRef("pk")).order_by("-updated_at")
        return Section.objects.annotate(last_article_change=Subquery(latest.values("updated_at")[:1])).order_by(
            "position", "name"
        )

    def lastmod(self, section):
        return section.last_article_change

    def counted(self):
        return Section.objects.all()


class NewsSitemap(SiteSitemap):
    """Articles published in the last two days, with the news:news data Google News needs."""

    limit = NEWS_LIMIT
    url_name = "articles:detail"

    def items(self):
        return (
            self._recent()
            .with_content_updated_at()
            .only("slug", "headline", "language", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.content_updated

    def _recent(self):
        return Article.objects.published().filter(published_at__gte=timezone.now() - NEWS_WINDOW)

    def get_latest_lastmod(self):
        # The latest publication, not the latest correction.
        return self._recent().aggregate(latest=Max("published_at"))["latest"]

    def counted(self):
        return self._recent()


sitemaps = {
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "tags": TagSitemap,
    "sections": SectionSitemap,
}
news_sitemaps = {"news": NewsSitemap}


def index_entries() -> list[tuple[str, datetime.datetime | None]]:
    """(absolute location, lastmod) of every sitemap page, the news sitemap last.

    Two queries per sitemap (its latest date and its count), however many rows.
    """
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        location = settings.NEWSROOM_SITE_URL + reverse("sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append((location, lastmod))
        entries += [(f"{location}?p={page}", lastmod) for page in range(2, sitemap.page_count() + 1)]
    entries.append((settings.NEWSROOM_SITE_URL + reverse("sitemap_news"), NewsSitemap().get_latest_lastmod()))
    return entries
