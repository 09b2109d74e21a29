from django.urls import path

from . import archives, preview, search_views, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("rubriques/<slug:slug>/", views.section_detail, name="section"),
    path("mots-cles/<slug:slug>/", views.tag_detail, name="tag"),
    path("apercu/<int:pk>/", preview.article_preview, name="preview"),
    path("apercu/partage/<str:token>/", preview.shared_preview, name="share"),
    path("archives/<int:year>/<int:month>/", archives.month_archive, name="archive_month"),
    path("recherche/", search_views.search_page, name="search"),
]
