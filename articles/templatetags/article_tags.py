"""Template helpers for the reader site: navigation, body blocks and article JSON-LD."""

import re

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from articles.models import Section
from newsroom.generation import cached_fragment
from newsroom.jsonld import absolute_url
from newsroom.links import slug_url
from newsroom.templatetags.image_tags import image_objects

register = template.Library()

# Rich text that already starts with a block element must not be wrapped in another <p>.
_STARTS_WITH_BLOCK = re.compile(r"^\s*<(p|ul|ol|blockquote|h3|h4)[\s>]", re.IGNORECASE)


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The sections menu: from the shared cache, or one query after a content change."""
    request = context.get("request")
    sections = cached_fragment(
        "fragment:sections",
        lambda: [{"name": name, "slug": slug} for name, slug in Section.objects.values_list("name", "slug")],
    )
    sections = [{**section, "url": slug_url("articles:section", section["slug"])} for section in sections]
    return {"sections": sections, "current_path": request.path if request else ""}


@register.filter
def tag_url(tag) -> str:
    """The tag's page (``{% url "articles:tag" slug=tag.slug %}``, remembered)."""
    return slug_url("articles:tag", tag.slug)


@register.filter
def as_paragraphs(value: str) -> str:
    """Sanitised rich text as block HTML; plain text (no tags) is wrapped in <p>.

    Rich-text fields are cleaned by the allow-list sanitiser on save, so marking the
    value safe here does not open the page to stored HTML.
    """
    if not value:
        return ""
    if _STARTS_WITH_BLOCK.match(value):
        return mark_safe(value)
    return mark_safe(f"<p>{value}</p>")


@register.filter
def inline(value: str) -> str:
    """Sanitised rich text reduced to its text, for headings and captions.

    The sanitiser already escaped the text (``&lt;``), and stripping tags keeps entities
    as they are, so the result is safe to insert as HTML.
    """
    return mark_safe(strip_tags(value or "").strip())


@register.filter
def timeline_entries(block):
    """The career entries a timeline block shows, read from the prefetched rows."""
    return block.timeline_person.timeline(block.timeline_organisation)


def _author(person) -> dict:
    return {"@type": "Person", "name": person.name, "url": absolute_url(person.get_absolute_url())}


@register.simple_tag
def news_article_jsonld(article) -> dict:
    """schema.org NewsArticle, from prefetched authors, tags and section."""
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(article.content_updated_at()).isoformat(),
        "author": [_author(person) for person in article.authors.all()],
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": settings.NEWSROOM_SITE_URL + "/",
        },
        "inLanguage": article.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
    }
    alternatives = [t for t in dict.fromkeys((article.social_title, article.seo_title)) if t and t != article.headline]
    if alternatives:
        data["alternativeHeadline"] = alternatives[0] if len(alternatives) == 1 else alternatives
    if article.standfirst:
        data["description"] = article.standfirst
    if article.hero_image_id:
        data["image"] = image_objects(article.hero_image)
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    if article.section_id:
        data["articleSection"] = article.section.name
    about = [_author(person) for person in article.people.all()]
    if about:
        data["about"] = about
    return data


@register.simple_tag
def faq_jsonld(article) -> dict:
    """schema.org FAQPage for the article's FAQ entries (prefetched)."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": entry.answer},
            }
            for entry in article.faq_entries.all()
        ],
    }
