"""A timeline block's dates: by default each row reads as precisely as it was reported."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles.models import Block
from people.dates import Precision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def career():
    """A researcher since 2015 (year known), a director since February 2019 (month known) and a
    departure from a rival known only by its end."""
    person = factories.person(name="Lilian Weng")
    lab = factories.organisation(name="OpenAI")
    factories.career_entry(
        person=person, organisation=lab, role_title="Chercheuse", start_date=datetime.date(2015, 1, 1)
    )
    factories.career_entry(
        person=person,
        organisation=lab,
        role_title="Directrice",
        start_date=datetime.date(2019, 2, 1),
        start_precision=Precision.MONTH,
        end_date=datetime.date(2024, 11, 15),
        end_precision=Precision.DAY,
    )
    factories.career_entry(
        person=person,
        organisation=factories.organisation(name="Rival"),
        role_title="Stagiaire",
        start_date=None,
        end_date=datetime.date(2014, 6, 1),
        end_precision=Precision.MONTH,
    )
    return person


def timeline_page(client, person, **block_fields) -> str:
    article = factories.article()
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=person, **block_fields)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_timeline_block_shows_each_start_at_the_precision_it_was_reported(client, career):
    """« février 2019 » for a row known to the month, « 2015 » for one known to the year."""
    page = timeline_page(client, career)
    assert '<time datetime="2015">2015</time> : Chercheuse' in page
    assert '<time datetime="2019-02">février 2019</time> : Directrice' in page
    # A departure reported without its start still says when it ended.
    assert 'jusqu’en <time datetime="2014-06">juin 2014</time> : Stagiaire' in page


def test_years_only_and_periods_read_as_before(client, career):
    """Blocks that chose a display keep it: the start year alone, or the whole period."""
    years = timeline_page(client, career, date_display=Block.DateDisplay.YEAR)
    assert '<time datetime="2019-02">2019</time> : Directrice' in years
    assert "février 2019" not in years
    periods = timeline_page(client, career, date_display=Block.DateDisplay.PRECISE)
    period = '<time datetime="2019-02">février 2019</time> – <time datetime="2024-11-15">15 novembre 2024</time>'
    assert f"{period} : Directrice" in periods
    assert 'depuis <time datetime="2015">2015</time> : Chercheuse' in periods


def test_the_article_form_offers_the_reported_precision_first(client):
    """A journalist adding a timeline block starts from « dates telles que saisies »."""
    user = User.objects.create_user("journaliste", password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    client.force_login(user)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert '<option value="entered" selected>dates telles que saisies</option>' in page
