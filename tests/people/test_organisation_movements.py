"""An organisation's talent movements: alumni, departures over time, destinations, tag filter."""

import datetime

import pytest

from people.dates import Precision
from tests import factories

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def build_lab(extra_leavers: int = 0):
    """A lab with one current member and leavers: two to Rival in 2023, one to Rival and one
    to Autre in 2024, one with no date and no destination, plus ``extra_leavers`` more in 2022."""
    lab = factories.organisation(name="Labo Central")
    rival = factories.organisation(name="Rival")
    other = factories.organisation(name="Autre Labo")
    factories.career_entry(person=factories.person(name="Zoé Présente"), organisation=lab, role_title="Directrice")
    leavers = [
        ("Ada Alpha", datetime.date(2023, 3, 1), rival, ["sécurité de l’IA"]),
        ("Bea Beta", datetime.date(2023, 9, 1), rival, []),
        ("Cyd Gamma", datetime.date(2024, 11, 15), rival, ["sécurité de l’IA"]),
        ("Dan Delta", datetime.date(2024, 2, 1), other, []),
        ("Eve Epsilon", None, None, ["sécurité de l’IA"]),
    ]
    leavers += [(f"Extra {i}", datetime.date(2022, 1, 1), other, []) for i in range(extra_leavers)]
    for name, end, destination, tags in leavers:
        someone = factories.person(name=name)
        if tags:
            someone.tags.add(*tags)
        factories.career_entry(
            person=someone, organisation=lab, role_title="Chercheur",
            start_date=datetime.date(2015, 1, 1) if end else None,
            end_date=end, end_precision=Precision.DAY, ended=True, destination=destination,
        )  # fmt: skip
    return lab


def table_rows(page: str, caption_start: str) -> str:
    return page.split(caption_start, 1)[1].split("</table>", 1)[0]


def test_departures_are_counted_by_year_with_an_unknown_date_bucket(client):
    """The table under the chart gives each year's departures, undated ones under « date inconnue »."""
    page = html(client.get(build_lab().get_absolute_url()))
    rows = table_rows(page, ": nombre de départs par année</caption>")
    assert '<th scope="row">2023</th><td>2</td>' in rows
    assert '<th scope="row">2024</th><td>2</td>' in rows
    assert '<th scope="row">date inconnue</th><td>1</td>' in rows
    assert rows.index("2023") < rows.index("2024") < rows.index("date inconnue")
    # The chart is an image with a text alternative, drawn with attributes (the CSP forbids styles).
    assert 'role="img" aria-labelledby="departs-titre departs-desc"' in page
    assert "2023 : 2 départs ; 2024 : 2 départs ; date inconnue : 1 départ." in page
    assert "style=" not in page


def test_destinations_list_counts_and_people(client):
    page = html(client.get(build_lab().get_absolute_url()))
    rows = table_rows(page, "<caption>Destinations")
    rival_row = rows.split('/organisations/rival/">Rival</a></th>', 1)[1].split("</tr>", 1)[0]
    assert "<td>3</td>" in rival_row
    assert "Ada Alpha" in rival_row and "Bea Beta" in rival_row and "Cyd Gamma" in rival_row
    assert "Autre Labo" in rows and "Dan Delta" in rows
    assert "destination non renseignée</th>\n          <td>1</td>" in rows
    # Rival (3) comes before Autre Labo (1), the unstated destination last.
    assert rows.index("Rival") < rows.index("Autre Labo") < rows.index("non renseignée")


def test_current_members_are_not_alumni(client):
    page = html(client.get(build_lab().get_absolute_url()))
    now, _, before = page.partition('id="auparavant"')
    assert "Zoé Présente" in now and "Zoé Présente" not in before
    assert "Eve Epsilon" in before


def test_tag_filter_keeps_only_people_with_the_tag(client):
    """?tag= narrows the counts, destinations and lists to people carrying that tag."""
    lab = build_lab()
    page = html(client.get(lab.get_absolute_url() + "?tag=securite-de-lia"))
    assert "Seules les personnes portant le mot-clé « sécurité de l’IA » sont comptées." in page
    assert "Ada Alpha" in page and "Cyd Gamma" in page and "Eve Epsilon" in page
    assert "Bea Beta" not in page and "Dan Delta" not in page and "Zoé Présente" not in page
    rows = table_rows(page, ": nombre de départs par année</caption>")
    assert '<th scope="row">2023</th><td>1</td>' in rows and '<th scope="row">2024</th><td>1</td>' in rows
    # The filter links list the tags of the lab's people, with how many carry each.
    assert '?tag=securite-de-lia">sécurité de l’IA</a> <span class="count">(3)</span>' in html(
        client.get(lab.get_absolute_url())
    )


def test_unknown_tag_is_a_404_not_an_error(client):
    lab = build_lab()
    assert client.get(lab.get_absolute_url() + "?tag=nexiste-pas").status_code == 404


def test_tag_nobody_here_carries_shows_an_empty_message(client):
    lab = build_lab()
    factories.person(name="Ailleurs").tags.add("robotique")
    page = html(client.get(lab.get_absolute_url() + "?tag=robotique"))
    assert "Aucun départ parmi les personnes portant ce mot-clé." in page


@pytest.mark.parametrize("extra_leavers", [0, 15])
def test_organisation_page_query_count_does_not_grow_with_people(client, django_assert_num_queries, extra_leavers):
    """Organisation, career entries (people and destinations), people's tags, articles."""
    lab = build_lab(extra_leavers)
    client.get("/")  # fills the sections menu's cache
    with django_assert_num_queries(4):
        html(client.get(lab.get_absolute_url()))
    # Filtering adds the lookup of the tag itself.
    with django_assert_num_queries(5):
        html(client.get(lab.get_absolute_url() + "?tag=securite-de-lia"))


def test_filter_lists_only_tags_people_carry_not_an_articles_tag(client):
    """A draft whose id equals a person's id must not lend its tag to the filter links,
    and a tag only articles carry is not a filter."""
    from articles.models import Article

    lab = build_lab()
    person_id = lab.career_entries.values_list("person_id", flat=True).first()
    factories.article(pk=person_id, status=Article.Status.DRAFT, tags=["Projet secret"])
    page = html(client.get(lab.get_absolute_url()))
    assert "Projet secret" not in page and "projet-secret" not in page
    assert client.get(lab.get_absolute_url() + "?tag=projet-secret").status_code == 404
