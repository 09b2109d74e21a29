"""Public article pages: home, article, section and tag, all through the published() gate."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from people.models import Person

from . import selectors
from .models import Article, Section

HOME_SIZE = 20
SECTION_PAGE_SIZE = 20
TAG_LIST_SIZE = 50


def home(request):
    articles = Article.objects.published().with_cards()[:HOME_SIZE]
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, slug):
    article = selectors.article_for_page(slug=slug)
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "faq_in_body": selectors.has_faq_block(article)},
    )


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    # get_page() turns "abc", "-1" or a huge number into a real page instead of an error.
    page = Paginator(
        Article.objects.published().filter(section=section).with_cards(), SECTION_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().tagged(tag).with_cards()[:TAG_LIST_SIZE]
    people = Person.objects.filter(tags=tag)[:TAG_LIST_SIZE]
    return render(
        request, "articles/tag_detail.html", {"tag": tag, "articles": articles, "people": people}
    )
