import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from tests import factories


@pytest.mark.django_db
def test_only_published_articles_whose_time_has_come_are_public():
    now = timezone.now()
    live = factories.article(headline="En ligne")
    factories.article(headline="Brouillon", status=Article.Status.DRAFT)
    factories.article(headline="En relecture", status=Article.Status.REVIEW)
    factories.article(headline="Dépublié", status=Article.Status.UNPUBLISHED, published_at=now)
    scheduled = factories.article(headline="Programmé", published_at=now + datetime.timedelta(minutes=5))

    assert list(Article.objects.published()) == [live]
    # The scheduled story goes live at its time with no job running.
    later = now + datetime.timedelta(minutes=5, seconds=1)
    assert set(Article.objects.published(at=later)) == {live, scheduled}
    assert scheduled.is_scheduled and not scheduled.is_live


@pytest.mark.django_db
def test_publishing_without_a_date_stamps_now_and_keeps_the_first_publication():
    article = factories.article(status=Article.Status.DRAFT)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    first = article.first_published_at
    assert first == article.published_at
    article.published_at = first + datetime.timedelta(days=1)
    article.save()
    assert article.first_published_at == first


@pytest.mark.django_db
def test_database_refuses_a_published_article_without_a_date():
    article = factories.article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


@pytest.mark.django_db
def test_titles_fall_back_to_the_headline():
    article = factories.article(headline="Le titre")
    assert article.title_tag == "Le titre" and article.share_title == "Le titre"
    article.seo_title, article.social_title = "Titre SEO", "Titre social"
    assert article.title_tag == "Titre SEO" and article.share_title == "Titre social"
