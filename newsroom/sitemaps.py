"""The sitemap: published articles, people, organisations, tags in use and sections.

Every location is written on the publication's configured origin (NEWSROOM_SITE_URL),
like canonical links, so search engines see one URL per page whatever host was asked.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Section
from articles.selectors import public_tags
from people.models import Organisation, Person


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSROOM_SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, article):
        return article.updated_at


class PersonSitemap(SiteSitemap):
    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("name", "pk")

    def lastmod(self, person):
        return person.updated_at


class OrganisationSitemap(SiteSitemap):
    def items(self):
        return Organisation.objects.only("slug", "updated_at").order_by("name", "pk")

    def lastmod(self, organisation):
        return organisation.updated_at


class TagSitemap(SiteSitemap):
    def items(self):
        return public_tags()

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class SectionSitemap(SiteSitemap):
    def items(self):
        return Section.objects.order_by("position", "name")


sitemaps = {
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
    "tags": TagSitemap,
    "sections": SectionSitemap,
}
