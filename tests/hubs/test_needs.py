"""Needs mapping: officials submit their city's needs, hub staff record and read them for
their cities only, and the needs map counts the gaps."""

import datetime

import pytest
from django.urls import reverse

from hubs.models import CapacityGap, NeedsAssessment
from tests import factories
from tests.pages import read_form


@pytest.fixture
def priorities(db):
    return [
        factories.StrategicPriorityFactory(number=n, code=f"p{n}", title=title)
        for n, title in [(101, "City-to-city exchange"), (104, "City–youth engagement")]
    ]


def assess(city, *gaps, on=None):
    assessment = NeedsAssessment.objects.create(
        local_government=city, assessed_on=on or datetime.date(2026, 3, 1)
    )
    for priority, severity in gaps:
        CapacityGap.objects.create(
            assessment=assessment, priority=priority, severity=severity, description="A gap."
        )
    return assessment


def test_an_official_submits_their_citys_needs(client_as, rabat, official_of_rabat, priorities):
    client = client_as("official_of_rabat")
    url = reverse("hubs:city_needs", args=[rabat.code])
    response = client.post(
        url,
        {
            "priorities": [priorities[0].pk],
            "current_capacities": "A youth council.",
            "support_requested": "Training for the youth council.",
            "gaps-TOTAL_FORMS": "3",
            "gaps-INITIAL_FORMS": "0",
            "gaps-0-priority": priorities[1].pk,
            "gaps-0-description": "No youth worker in the municipality.",
            "gaps-0-severity": "4",
        },
    )
    assert response.status_code == 302
    assessment = NeedsAssessment.objects.get(local_government=rabat)
    assert assessment.source == NeedsAssessment.Source.CITY
    assert assessment.recorded_by == official_of_rabat
    assert set(assessment.priorities.all()) == set(priorities)
    assert assessment.gaps.get().severity == CapacityGap.Severity.CRITICAL
    page = client.get(url).content.decode()
    assert "No youth worker in the municipality." in page


def test_an_empty_assessment_is_refused_and_nothing_saved(client_as, rabat, official_of_rabat):
    client = client_as("official_of_rabat")
    response = client.post(
        reverse("hubs:city_needs", args=[rabat.code]),
        {"gaps-TOTAL_FORMS": "3", "gaps-INITIAL_FORMS": "0", "support_requested": "  "},
    )
    assert response.status_code == 200
    assert "Describe at least one gap or the support the city asks for." in (
        response.content.decode()
    )
    assert not NeedsAssessment.objects.exists()


@pytest.mark.parametrize("typed", [str(2**63), str(-(2**63) - 1), "99999999999999999999999"])
def test_a_priority_id_no_database_integer_holds_is_an_unknown_choice(
    client_as, rabat, official_of_rabat, typed
):
    client = client_as("official_of_rabat")
    response = client.post(
        reverse("hubs:city_needs", args=[rabat.code]),
        {
            "priorities": [typed],
            "support_requested": "Training.",
            "gaps-TOTAL_FORMS": "0",
            "gaps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert not NeedsAssessment.objects.exists()


def test_another_citys_official_cannot_see_or_submit_rabats_needs(
    client_as, rabat, official_of_other_city
):
    client = client_as("official_of_other_city")
    url = reverse("hubs:city_needs", args=[rabat.code])
    assert client.get(url).status_code == 404
    client.post(
        url, {"support_requested": "Money.", "gaps-TOTAL_FORMS": "0", "gaps-INITIAL_FORMS": "0"}
    )
    assert not NeedsAssessment.objects.exists()


def test_hub_staff_record_an_assessment_for_their_city_in_the_admin(
    client_as, rabat, hub_staff_mena, priorities
):
    client = client_as("hub_staff_mena")
    url = reverse("admin:hubs_needsassessment_add")
    data = read_form(client.get(url).content.decode())
    data.update(
        {
            "local_government": [str(rabat.pk)],
            "assessed_on": ["2026-02-01"],
            "support_requested": ["A prevention plan."],
            "gaps-0-priority": [str(priorities[0].pk)],
            "gaps-0-severity": ["3"],
            "gaps-0-description": ["No exchange with other cities."],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = NeedsAssessment.objects.get()
    assert assessment.source == NeedsAssessment.Source.HUB
    assert assessment.recorded_by == hub_staff_mena
    assert assessment.gaps.count() == 1


def test_an_assessment_dated_in_the_future_is_refused(client_as, rabat, hub_staff_mena):
    client = client_as("hub_staff_mena")
    url = reverse("admin:hubs_needsassessment_add")
    data = read_form(client.get(url).content.decode())
    data.update({"local_government": [str(rabat.pk)], "assessed_on": ["2999-01-01"]})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "An assessment cannot be dated in the future." in response.content.decode()
    assert not NeedsAssessment.objects.exists()


def test_hub_staff_do_not_see_another_hubs_assessments(client_as, rabat, oslo, hub_staff_other):
    mine, theirs = assess(oslo), assess(rabat)
    client = client_as("hub_staff_other")
    page = client.get(reverse("admin:hubs_needsassessment_changelist")).content.decode()
    assert "Oslo" in page and "Rabat" not in page
    change = reverse("admin:hubs_needsassessment_change", args=[theirs.pk])
    assert client.get(change).status_code == 302  # "does not exist"
    assert mine.pk


def test_the_needs_map_counts_gaps_by_priority_country_and_year(
    client_as, rabat, oslo, mena_hub, hub_staff_mena, priorities
):
    tunis = factories.LocalGovernmentFactory(name="Tunis", country="TN", region=rabat.region)
    youth = priorities[1]
    assess(rabat, (youth, 4), (priorities[0], 1), on=datetime.date(2025, 5, 1))
    assess(tunis, (youth, 4))
    assess(oslo, (youth, 4), (youth, 4))  # another hub's: not counted

    response = client_as("hub_staff_mena").get(reverse("hubs:needs_map"))

    by_priority = {row["priority"]: row for row in response.context["map"]["by_priority"]}
    assert by_priority[youth]["total"] == 2 and by_priority[youth]["severity_4"] == 2
    assert by_priority[youth]["cities"] == 2
    countries = {
        str(row["country"].code): row["total"] for row in response.context["map"]["by_country"]
    }
    assert countries == {"MA": 2, "TN": 1}
    years = {row["year"]: row["total"] for row in response.context["map"]["by_year"]}
    assert years == {2025: 2, 2026: 1}
    assert "Morocco" in response.content.decode()


def test_hub_staff_cannot_open_another_hubs_needs_map(client_as, hub_staff_other, mena_hub):
    client = client_as("hub_staff_other")
    assert client.get(reverse("hubs:needs_map"), {"hub": "mena"}).status_code == 404


def test_the_management_unit_reads_the_whole_networks_map(client_as, rabat, oslo, priorities):
    assess(rabat, (priorities[0], 2))
    assess(oslo, (priorities[0], 2))
    response = client_as("mu_staff").get(reverse("hubs:needs_map"))
    assert response.context["map"]["assessments"] == 2


def test_the_needs_map_takes_the_same_queries_for_many_assessments(
    client_as, rabat, mena_hub, hub_staff_mena, priorities, django_assert_max_num_queries
):
    client = client_as("hub_staff_mena")
    assess(rabat, (priorities[0], 2))
    client.get(reverse("hubs:needs_map"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("hubs:needs_map"))
    for n in range(20):
        city = factories.LocalGovernmentFactory(name=f"Town {n}", country="MA", region=rabat.region)
        assess(city, (priorities[n % 2], 1 + n % 4))
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("hubs:needs_map"))
