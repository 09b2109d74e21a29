"""Project-wide pages that belong to no app."""

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from .sitemaps import index_entries


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included: point them at ours."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_safe
def robots_txt(request):
    """Crawlers may read the public site, not the admin, and find the sitemap by absolute URL."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {settings.NEWSROOM_SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@x_robots_tag
def sitemap_index(request):
    """The sitemap index, every location on the configured origin.

    Django's own index view names the requested host; canonical URLs must not depend on it.
    """
    items = [SitemapIndexItem(location, lastmod) for location, lastmod in index_entries()]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")
