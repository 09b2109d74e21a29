from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import views
from .sitemaps import news_sitemaps, sitemaps

# A lost database answers the branded 503 page; any other error the 500 page.
handler500 = "newsroom.faults.server_error"
handler400 = "newsroom.faults.bad_request"

urlpatterns = [
    # Merged tags' redirects belong to the tag vocabulary (newsroom) since they left articles:
    # their admin's old addresses follow.
    re_path(
        r"^admin/articles/tagredirect/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/newsroom/tagredirect/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": news_sitemaps, "section": "news", "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": sitemaps, "template_name": "sitemaps/urlset.xml"},
        name="sitemap_section",
    ),
    path("", include("articles.feed_urls")),
]
# Uploaded images in development (a no-op unless DEBUG): in production the web server or the
# S3-compatible storage serves MEDIA_URL.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The reader's pages in French at the root and in English under /en/. The admin, sitemaps,
# robots.txt and feeds above keep one address each; the admin stays in French.
urlpatterns += i18n_patterns(
    path("", include("people.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)
