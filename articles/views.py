from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from people.models import Person

from .models import Article, FaqEntry, Section, block_queryset


def home(request):
    articles = Article.objects.published().with_cards()[:20]
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published()
        .select_related("section")
        .prefetch_related(
            "authors",
            "people",
            "tags",
            Prefetch("blocks", queryset=block_queryset()),
            Prefetch("faq_entries", queryset=FaqEntry.objects.all()),
        ),
        slug=slug,
    )
    return render(request, "articles/article_detail.html", {"article": article})


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = Paginator(Article.objects.published().filter(section=section).with_cards(), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "articles/section_detail.html", {"section": section, "page": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = Article.objects.published().tagged(tag).with_cards()[:50]
    people = Person.objects.filter(tags=tag)[:50]
    return render(
        request, "articles/tag_detail.html", {"tag": tag, "articles": articles, "people": people}
    )
