"""Feed addresses, kept out of the language prefix (newsroom/site/urls.py).

A feed reader subscribes once: a feed has one address whatever interface language the
reader browsed in, and its content (the articles) is the same in both.
"""

from django.urls import path

from . import feeds

app_name = "feeds"

urlpatterns = [
    # RSS and Atom for the site, a section, a tag and the articles about a person.
    path("flux/rss/", feeds.SiteFeed(), name="feed_rss"),
    path("flux/atom/", feeds.SiteAtomFeed(), name="feed_atom"),
    path("rubriques/<slug:slug>/flux/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("rubriques/<slug:slug>/flux/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("mots-cles/<slug:slug>/flux/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("mots-cles/<slug:slug>/flux/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("personnes/<slug:slug>/flux/rss/", feeds.PersonFeed(), name="person_feed_rss"),
    path("personnes/<slug:slug>/flux/atom/", feeds.PersonAtomFeed(), name="person_feed_atom"),
]
