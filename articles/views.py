"""Public article pages: home, article, section and tag, all through the published() gate."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from taggit.models import Tag

from newsroom.pagination import page_of
from newsroom.vocabulary.selectors import redirect_target
from people.models import Person

from . import selectors
from .models import Article, Section

PAGE_SIZE = 20
TAG_PEOPLE_SIZE = 50


def home(request):
    page = page_of(request, Article.objects.published().with_cards(), per_page=PAGE_SIZE)
    return render(request, "articles/home.html", {"page": page})


def article_detail(request, slug):
    try:
        article = selectors.article_for_page(slug=slug)
    except Http404:
        # A published article whose slug changed keeps its old URL working.
        moved = selectors.redirected_article(old_slug=slug)
        if moved is None:
            raise
        return redirect(moved, permanent=True)
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "faq_in_body": selectors.has_faq_block(article)},
    )


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = page_of(request, Article.objects.published().filter(section=section).with_cards(), per_page=PAGE_SIZE)
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    # Only a tag that leads somewhere: a tag used on drafts alone must not reveal them.
    tag = selectors.public_tag(slug=slug)
    if tag is None and Tag.objects.filter(slug=slug).exists():
        raise Http404("Mot-clé inconnu")
    if tag is None:
        # A merged tag's old address leads for good to the tag it was merged into.
        target = redirect_target(slug)
        if target is None:
            raise Http404("Mot-clé inconnu")
        return redirect(reverse("articles:tag", kwargs={"slug": target.slug}), permanent=True)
    page = page_of(request, Article.objects.published().tagged(tag).with_cards(), per_page=PAGE_SIZE)
    people = Person.objects.public().filter(tags=tag)[:TAG_PEOPLE_SIZE]
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page, "people": people})
