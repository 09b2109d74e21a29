from django.urls import path

from . import archives, search_views, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("rubriques/<slug:slug>/", views.section_detail, name="section"),
    path("mots-cles/<slug:slug>/", views.tag_detail, name="tag"),
    path("archives/<int:year>/<int:month>/", archives.month_archive, name="archive_month"),
    path("recherche/", search_views.search_page, name="search"),
]
