from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import views
from .sitemaps import sitemaps

# A lost database answers the branded 503 page; any other error the 500 page.
handler500 = "newsroom.faults.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("", include("people.urls")),
    path("", include("articles.urls")),
]
