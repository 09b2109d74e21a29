from django.urls import path

from . import archives, feeds, preview, search_views, views

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
    # Feeds: RSS and Atom for the site, a section, a tag and the articles about a person.
    path("flux/rss/", feeds.SiteFeed(), name="feed_rss"),
    path("flux/atom/", feeds.SiteAtomFeed(), name="feed_atom"),
    path("rubriques/<slug:slug>/flux/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("rubriques/<slug:slug>/flux/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("mots-cles/<slug:slug>/flux/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("mots-cles/<slug:slug>/flux/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("personnes/<slug:slug>/flux/rss/", feeds.PersonFeed(), name="person_feed_rss"),
    path("personnes/<slug:slug>/flux/atom/", feeds.PersonAtomFeed(), name="person_feed_atom"),
]
