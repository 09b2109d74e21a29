"""Template helpers for mentions: link the first mention of an article's people in its body."""

from django import template

from articles.mentions import MentionLinker

register = template.Library()


@register.simple_tag
def mention_linker(article) -> MentionLinker:
    """One linker per article page, fed with the article's prefetched people (no query)."""
    return MentionLinker(article.people.all())


@register.filter
def link_mentions(value, linker):
    """Safe HTML with the first mention of each of the article's people linked to their page."""
    return linker.link(value) if linker else value
