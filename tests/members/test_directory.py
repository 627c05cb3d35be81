"""The public member directory, city profiles and the directory feed, as the public meets them."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import LocalGovernment, Membership, StrategicPriority
from tests import factories
from tests.pages import chart_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Records are written in English whatever language an earlier request left active."""
    translation.activate("en")
    yield
    translation.activate("en")


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def member(name: str, *, status=Membership.Status.MEMBER, listed=True, joined=None, **fields):
    """A local government with a membership in ``status`` (a listed member by default)."""
    # ``name`` is stored in the active language: make it English whatever a request left.
    with translation.override("en"):
        return factories.MembershipFactory(
            status=status,
            joined_on=joined or datetime.date(2020, 1, 1),
            local_government__name=name,
            local_government__publicly_listed=listed,
            **{f"local_government__{key}": value for key, value in fields.items()},
        ).local_government


def names_on(response) -> list[str]:
    return [city.name_en for city in response.context["page_obj"].object_list]


@pytest.fixture
def regions():
    return {
        "mena": factories.RegionFactory(code="mena", name="Middle East and North Africa"),
        "europe": factories.RegionFactory(code="europe", name="Europe"),
    }


@pytest.fixture
def priorities():
    return {
        "youth": StrategicPriority.objects.create(
            number=4, code="youth", title_en="City–youth engagement"
        ),
        "mayors": StrategicPriority.objects.create(
            number=5, code="mayors", title_en="Voice and leadership of mayors"
        ),
    }


@pytest.fixture
def network(regions, priorities):
    """Listed members, and every kind of city that must never be listed."""
    rabat = member(
        "Rabat",
        name_ar="الرباط",
        name_fr="Rabat (FR)",
        country="MA",
        kind=LocalGovernment.Kind.CAPITAL,
        region=regions["mena"],
        joined=datetime.date(2016, 5, 1),
        languages=["ar", "fr"],
        profile="Rabat works with young people.",
        website="https://www.rabat.ma/",
        latitude="34.02088",
        longitude="-6.84165",
    )
    rabat.priorities.add(priorities["youth"])
    oslo = member("Oslo", country="NO", region=regions["europe"], joined=datetime.date(2019, 3, 1))
    oslo.priorities.add(priorities["mayors"])
    member("Aarhus", country="DK", region=regions["europe"], kind=LocalGovernment.Kind.CITY)
    hidden = {
        "Hidden Member": {"listed": False, "region": regions["europe"]},
        "Applicant Town": {"status": Membership.Status.APPLICANT},
        "Under Review Town": {"status": Membership.Status.UNDER_REVIEW},
        "Rejected Town": {"status": Membership.Status.REJECTED},
        "Suspended Town": {"status": Membership.Status.SUSPENDED},
        "Prospect Town": {"status": Membership.Status.PROSPECT},
        "Lapsed Town": {"status": Membership.Status.LAPSED},
    }
    others = {name: member(name, **options) for name, options in hidden.items()}
    with translation.override("en"):
        others["No Membership Town"] = factories.LocalGovernmentFactory(name="No Membership Town")
    return {"rabat": rabat, "oslo": oslo, "others": others}


# --- Who is listed --------------------------------------------------------------------


def test_the_directory_lists_listed_members_only(client, network):
    response = client.get(url("members:directory"))
    assert response.status_code == 200
    assert names_on(response) == ["Aarhus", "Oslo", "Rabat"]
    html = response.content.decode()
    for name in network["others"]:
        assert name not in html
    assert "3 members" in html


def test_names_are_shown_in_the_page_language_with_english_as_fallback(client, network):
    response = client.get(url("members:directory", "ar"))
    html = response.content.decode()
    assert "الرباط" in html
    assert "Oslo" in html  # no Arabic name recorded: the English one
    assert [city.name for city in response.context["page_obj"].object_list] == [
        "Aarhus",
        "Oslo",
        "الرباط",
    ]


def test_the_main_navigation_links_to_the_directory_for_everyone(client, network):
    html = client.get(url("web:home", "fr")).content.decode()
    assert f'href="{url("members:directory", "fr")}"' in html


# --- Filters and search ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "الرباط"}, ["Rabat"]),
        ({"q": "rab"}, ["Rabat"]),
        ({"q": "(FR)"}, ["Rabat"]),
        ({"q": "  OSLO "}, ["Oslo"]),
        ({"q": "Hidden"}, []),
        ({"region": "europe"}, ["Aarhus", "Oslo"]),
        ({"country": "MA"}, ["Rabat"]),
        ({"country": "FR"}, []),
        ({"kind": "capital"}, ["Rabat"]),
        ({"joined": "2019"}, ["Oslo"]),
        ({"priorities": ["youth", "mayors"]}, ["Oslo", "Rabat"]),
        ({"priorities": "youth", "region": "mena"}, ["Rabat"]),
        ({"priorities": "youth", "region": "europe"}, []),
    ],
)
def test_filters_and_search_narrow_the_list(client, network, query, expected):
    response = client.get(url("members:directory"), query)
    assert response.status_code == 200
    assert response.context["filter"].form.errors == {}
    assert names_on(response) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"region": "atlantis"}, "region"),
        ({"country": "ZZ"}, "country"),
        ({"kind": "castle"}, "kind"),
        ({"joined": "last-year"}, "joined"),
        ({"joined": "2020.5"}, "joined"),
        ({"joined": "99999999999999999999"}, "joined"),
        ({"priorities": "world-peace"}, "priorities"),
        ({"q": "x" * 500}, "q"),
    ],
)
def test_bad_filter_values_are_explained_not_a_server_error(client, network, query, field):
    response = client.get(url("members:directory"), query)
    assert response.status_code == 200
    form = response.context["filter"].form
    assert list(form.errors) == [field]
    assert names_on(response) == []
    html = response.content.decode()
    assert "Some of the filters could not be used" in html
    assert str(form.errors[field][0]).replace("'", "&#x27;") in html


# --- Pages and the chart ----------------------------------------------------------


@pytest.fixture
def many_members(regions):
    for n in range(30):
        member(f"Town {n:02d}", region=regions["europe"] if n % 3 else regions["mena"])


def test_the_directory_is_paginated_and_keeps_the_filters_in_page_links(client, many_members):
    first = client.get(url("members:directory"), {"region": "europe"})
    assert len(names_on(first)) == 20  # 20 of 30 are in Europe: one page
    everyone = client.get(url("members:directory"))
    assert len(names_on(everyone)) == 24
    assert 'href="?page=2"' in everyone.content.decode()
    second = client.get(url("members:directory"), {"page": "2"})
    assert names_on(second) == [f"Town {n:02d}" for n in range(24, 30)]


@pytest.mark.parametrize(("page", "expected_number"), [("99", 2), ("abc", 1), ("-1", 2), ("", 1)])
def test_a_bad_page_number_shows_the_nearest_page(client, many_members, page, expected_number):
    response = client.get(url("members:directory"), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected_number


def test_the_region_chart_draws_the_counts_and_gives_them_as_a_table(client, network):
    response = client.get(url("members:directory"))
    html = response.content.decode()
    chart = chart_on(html, "members-by-region")
    counts = [(row.name, str(row.count)) for row in response.context["by_region"]]

    assert counts == [("Europe", "2"), ("Middle East and North Africa", "1")]
    assert chart.bars == counts and chart.table == counts
    assert chart.alt == "Members by region"
    assert chart.links == ["?region=europe", "?region=mena"]
    # CSP forbids inline styles and scripts: the chart is an image, drawn by the server.
    assert "style=" not in html
    assert "<script" not in html


def test_in_arabic_the_bars_run_from_the_right_and_the_table_reads_in_order(client, network):
    html = client.get(url("members:directory", "ar")).content.decode()
    chart = chart_on(html, "members-by-region")

    assert 'dir="rtl"' in html
    assert [value for _label, value in chart.table] == ["2", "1"]
    assert [value for _label, value in chart.bars] == ["1", "2"]
    assert [label for label, _value in chart.bars] == [
        label for label, _value in reversed(chart.table)
    ]


def test_the_region_chart_downloads_as_csv_with_the_filters_kept(client, network):
    response = client.get(url("members:directory"), {"country": "NO", "csv": "members-by-region"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["Region,Members", "Europe,1"]
    page = client.get(url("members:directory"), {"country": "NO"}).content.decode()
    assert 'href="?country=NO&amp;csv=members-by-region"' in page
    assert chart_on(page, "members-by-region").links == ["?country=NO&region=europe"]


def test_members_without_a_region_have_their_own_bar_after_ties(client, network):
    member("Nowhere", region=None)
    member("Nowhere Else", region=None)
    response = client.get(url("members:directory"))
    chart = [(row.name, row.count) for row in response.context["by_region"]]
    assert chart == [
        ("Europe", 2),
        ("Region not recorded", 2),
        ("Middle East and North Africa", 1),
    ]


def test_the_chart_counts_the_filtered_results(client, network):
    response = client.get(url("members:directory"), {"country": "NO"})
    assert [(r.name, r.count) for r in response.context["by_region"]] == [("Europe", 1)]


# --- Query counts -------------------------------------------------------------------


def queries_for(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("members:directory", None),
        ("members:directory", {"region": "europe", "priorities": ["youth", "mayors"]}),
        ("members:directory_feed", None),
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_cities(
    client, regions, priorities, name, params, django_assert_max_num_queries
):
    def add_members(count: int, start: int):
        for n in range(start, start + count):
            city = member(f"Member {n:03d}", region=regions["europe" if n % 2 else "mena"])
            city.priorities.add(priorities["youth"], priorities["mayors"])

    add_members(5, 0)
    small = queries_for(client, url(name), params)
    add_members(35, 5)  # 40 in all, more than a page of the directory
    large = queries_for(client, url(name), params)
    assert small == large
    with django_assert_max_num_queries(10):
        client.get(url(name), params or {})


# --- Profiles -------------------------------------------------------------------------


def test_a_listed_member_has_a_public_profile(client, network):
    rabat = network["rabat"]
    response = client.get(url("members:city", code=rabat.code))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Rabat",
        "Capital",
        "Morocco",
        "Middle East and North Africa",
        "2016",
        "Arabic, French",
        "Rabat works with young people.",
        "City–youth engagement",
        "https://www.rabat.ma/",
    ):
        assert text in html, text
    assert "request the membership certificate" not in html.lower()


def test_the_profile_speaks_the_page_language(client, network):
    html = client.get(url("members:city", "ar", code=network["rabat"].code)).content.decode()
    assert "<h1>الرباط</h1>" in html


@pytest.mark.parametrize(
    "name", ["Hidden Member", "Applicant Town", "Rejected Town", "Suspended Town"]
)
def test_a_city_that_is_not_listed_has_no_profile_same_as_an_unknown_code(client, network, name):
    city = network["others"][name]
    response = client.get(url("members:city", code=city.code))
    unknown = client.get(url("members:city", code=uuid.uuid4()))
    assert response.status_code == unknown.status_code == 404
    assert name not in response.content.decode()


# --- The feed -------------------------------------------------------------------------


def test_the_feed_lists_listed_members_for_the_networks_website(client, network, settings):
    settings.SITE_URL = "https://portal.example.org"
    response = client.get(url("members:directory_feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    data = json.loads(response.content)
    assert data["count"] == 3
    assert [c["name"]["en"] for c in data["cities"]] == ["Aarhus", "Oslo", "Rabat"]
    rabat = data["cities"][2]
    assert rabat == {
        "code": str(network["rabat"].code),
        "name": {"en": "Rabat", "ar": "الرباط", "fr": "Rabat (FR)", "es": None},
        "kind": {"code": "capital", "name": "Capital"},
        "country": {"code": "MA", "name": "Morocco"},
        "region": {"code": "mena", "name": "Middle East and North Africa"},
        "joined": 2016,
        "coordinates": {"latitude": 34.02088, "longitude": -6.84165},
        "website": "https://www.rabat.ma/",
        "profile_url": "https://portal.example.org"
        + url("members:city", code=network["rabat"].code),
    }
    assert "الرباط" in response.content.decode()  # readable, not \\u-escaped
    for name in network["others"]:
        assert name not in response.content.decode()


def test_the_feed_order_is_stable(client, network):
    first = json.loads(client.get(url("members:directory_feed")).content)
    second = json.loads(client.get(url("members:directory_feed", "ar")).content)
    assert [c["code"] for c in first["cities"]] == [c["code"] for c in second["cities"]]
    assert second["cities"][2]["profile_url"].endswith(
        url("members:city", "ar", code=network["rabat"].code)
    )
