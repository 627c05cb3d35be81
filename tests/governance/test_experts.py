"""The pool of experts: experts keep their own profile; staff find experts and record
their engagements."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.errors import GovernanceError
from governance.forms.experts import ExpertEngagementForm
from governance.models import Expert, ExpertEngagement
from governance.services import experts as expert_services
from tests import factories

MARCH_15 = datetime.date(2026, 3, 15)


@pytest.fixture
def youth(db):
    return factories.StrategicPriorityFactory(number=4, code="youth", title="City–youth engagement")


@pytest.fixture
def exchange(db):
    return factories.StrategicPriorityFactory(
        number=1, code="exchange", title="City-to-city exchange"
    )


def expert_of(user) -> Expert:
    return Expert.objects.get(person__user=user)


def profile_url(user, name="governance:expert"):
    return reverse(name, kwargs={"code": user.person.code})


def edit_url(user):
    return profile_url(user, "governance:edit_expert")


def profile_data(**overrides):
    data = {
        "profile": Expert.Profile.LEADER,
        "expertise": "Youth councils and participatory budgeting",
        "languages": ["fr", "ar"],
        "availability": "Two days a month",
        "available_from": "2026-03-01",
        "available_until": "2026-03-31",
    }
    data.update(overrides)
    return data


def snapshot(expert: Expert) -> tuple:
    expert.refresh_from_db()
    return (
        expert.profile,
        expert.expertise,
        expert.languages,
        expert.availability,
        expert.available_from,
        expert.available_until,
        sorted(expert.priorities.values_list("pk", flat=True)),
    )


# --- An expert's own profile ---------------------------------------------------------------


def test_an_expert_finds_their_profile_from_the_dashboard(client_as, expert):
    client = client_as("expert")

    dashboard = client.get(reverse("web:dashboard")).content.decode()
    assert reverse("governance:my_expert_profile") in dashboard

    response = client.get(reverse("governance:my_expert_profile"))
    assert response.status_code == 302 and response["Location"] == profile_url(expert)
    assert client.get(profile_url(expert)).status_code == 200


def test_an_expert_edits_their_own_profile(client_as, expert, youth):
    region = factories.RegionFactory(code="mena", name="Middle East and North Africa")
    client = client_as("expert")
    assert client.get(edit_url(expert)).status_code == 200

    response = client.post(
        edit_url(expert),
        profile_data(priorities=[youth.pk], regions=[region.pk], languages=["fr", "ar"]),
    )

    assert response.status_code == 302
    saved = expert_of(expert)
    assert saved.profile == Expert.Profile.LEADER
    assert saved.expertise == "Youth councils and participatory budgeting"
    assert saved.languages == ["fr", "ar"]
    assert list(saved.priorities.all()) == [youth]
    assert list(saved.regions.all()) == [region]
    assert saved.available_from == datetime.date(2026, 3, 1)
    assert saved.available_until == datetime.date(2026, 3, 31)
    page = client.get(profile_url(expert)).content.decode()
    assert "French" in page and "Arabic" in page and "Two days a month" in page


def test_an_expert_cannot_change_what_staff_keep(client_as, expert):
    """``is_active`` and the person are not on the form, whatever the POST holds."""
    other_person = factories.PersonFactory()
    client_as("expert").post(
        edit_url(expert), profile_data(is_active="false", person=other_person.pk)
    )

    saved = expert_of(expert)
    assert saved.is_active is True and saved.person.user == expert


@pytest.mark.parametrize("persona", ["other_expert", "mu_staff", "official_of_rabat"])
def test_nobody_else_edits_an_experts_profile(client_as, expert, persona, request, youth):
    if persona == "other_expert":
        other = factories.make_expert(email="other.expert@example.org")
        client = client_as("anonymous")
        client.force_login(other)
    else:
        client = client_as(persona)
    before = snapshot(expert_of(expert))

    assert client.get(edit_url(expert)).status_code == 404
    response = client.post(edit_url(expert), profile_data(priorities=[youth.pk]))

    assert response.status_code == 404
    assert snapshot(expert_of(expert)) == before


def test_the_service_refuses_anyone_but_the_expert(expert, mu_staff):
    with pytest.raises(GovernanceError) as refused:
        expert_services.update_expert_profile(
            expert=expert_of(expert),
            actor=mu_staff,
            profile=Expert.Profile.LEADER,
            expertise="Changed by someone else",
            priorities=[],
            regions=[],
            languages=[],
            availability="",
            available_from=None,
            available_until=None,
        )
    assert refused.value.code == "not_own_profile"
    assert expert_of(expert).expertise == ""


def test_another_experts_profile_page_is_not_found(client_as, expert):
    other = factories.make_expert(email="other.expert@example.org")
    assert client_as("expert").get(profile_url(other)).status_code == 404
    assert client_as("official_of_rabat").get(profile_url(expert)).status_code == 404
    assert client_as("mu_staff").get(profile_url(expert)).status_code == 200  # read only


@pytest.mark.parametrize("codes", [["xx"], ["fra"], ["fr", "zz"]])
def test_an_unknown_language_code_is_a_form_error_and_nothing_changes(client_as, expert, codes):
    before = snapshot(expert_of(expert))

    response = client_as("expert").post(edit_url(expert), profile_data(languages=codes))

    assert response.status_code == 200
    assert "is not an ISO 639-1 language code" in response.content.decode()
    assert snapshot(expert_of(expert)) == before


def test_the_service_refuses_an_unknown_language_code(expert):
    with pytest.raises(GovernanceError) as refused:
        expert_services.update_expert_profile(
            expert=expert_of(expert),
            actor=expert,
            profile=Expert.Profile.LEADER,
            expertise="",
            priorities=[],
            regions=[],
            languages=["fr", "klingon"],
            availability="",
            available_from=None,
            available_until=None,
        )
    assert "languages" in refused.value.error_dict
    assert expert_of(expert).languages == []


def test_available_until_before_available_from_is_a_form_error_and_nothing_changes(
    client_as, expert
):
    before = snapshot(expert_of(expert))

    response = client_as("expert").post(
        edit_url(expert), profile_data(available_from="2026-03-31", available_until="2026-03-01")
    )

    assert response.status_code == 200
    assert "“Available until” must be on or after “available from”." in response.content.decode()
    assert snapshot(expert_of(expert)) == before


def test_an_expert_sees_their_engagements_but_cannot_change_them(client_as, expert, rabat):
    ExpertEngagement.objects.create(
        expert=expert_of(expert),
        kind=ExpertEngagement.Kind.TRAINING,
        engaged_for=ExpertEngagement.For.CITY,
        local_government=rabat,
        starts_on=datetime.date(2026, 2, 1),
        ends_on=datetime.date(2026, 2, 3),
        outcome="Forty municipal staff trained on early warning.",
    )
    client = client_as("expert")

    page = client.get(profile_url(expert)).content.decode()

    assert "Training delivery" in page and "Rabat" in page
    assert "Forty municipal staff trained on early warning." in page
    assert "<form" not in page.split('id="engagements-title"')[1].split("</section>")[0]
    assert client.post(profile_url(expert), {"outcome": "changed"}).status_code == 405


# --- Staff find experts ----------------------------------------------------------------------


def make_expert_with(name, *, languages, priorities=(), available=(None, None), **fields):
    user = factories.make_expert(full_name=name)
    expert = expert_of(user)
    expert.languages = languages
    expert.available_from, expert.available_until = available
    for field, value in fields.items():
        setattr(expert, field, value)
    expert.save()
    expert.priorities.set(priorities)
    return expert


MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def pool(db, youth, exchange):
    """The French-speaking youth-engagement expert free in March, and near misses."""
    return {
        "match": make_expert_with(
            "Claire Match", languages=["fr", "en"], priorities=[youth], available=MARCH
        ),
        "open_ended": make_expert_with(
            "Ousmane Open", languages=["ar", "fr"], priorities=[youth, exchange]
        ),
        "spanish": make_expert_with(
            "Sofía Spanish", languages=["es"], priorities=[youth], available=MARCH
        ),
        "other_priority": make_expert_with(
            "Pierre Exchange", languages=["fr"], priorities=[exchange], available=MARCH
        ),
        "busy_in_march": make_expert_with(
            "Julie April",
            languages=["fr"],
            priorities=[youth],
            available=(datetime.date(2026, 4, 1), None),
        ),
        "ended_in_february": make_expert_with(
            "Marc February",
            languages=["fr"],
            priorities=[youth],
            available=(None, datetime.date(2026, 2, 28)),
        ),
        "inactive": make_expert_with(
            "Inès Former", languages=["fr"], priorities=[youth], available=MARCH, is_active=False
        ),
    }


def search(client, **params):
    return client.get(reverse("governance:expert_search"), params)


def test_staff_find_who_speaks_french_knows_youth_engagement_and_is_free_in_march(client_as, pool):
    response = search(
        client_as("mu_staff"), language="fr", priority="youth", available_on=MARCH_15.isoformat()
    )

    assert response.status_code == 200
    found = {e.person.full_name for e in response.context["experts"]}
    # An expert with no dates of availability counts as available.
    assert found == {"Claire Match", "Ousmane Open"}


def test_staff_narrow_the_search_by_expertise_profile_and_region(client_as, pool):
    region = factories.RegionFactory(code="sahel", name="West Africa / Sahel")
    pool["match"].regions.add(region)
    pool["match"].expertise = "Youth councils; school-based prevention"
    pool["match"].profile = Expert.Profile.LEADER
    pool["match"].save()
    staff = client_as("mu_staff")

    def names(**params):
        return {e.person.full_name for e in search(staff, **params).context["experts"]}

    assert names(expertise="youth COUNCILS") == {"Claire Match"}
    assert names(region="sahel") == {"Claire Match"}
    assert names(profile=Expert.Profile.LEADER) == {"Claire Match"}
    assert "Inès Former" not in names()  # inactive experts are not in the pool


def test_an_invalid_filter_is_shown_not_a_server_error(client_as, pool):
    response = search(client_as("mu_staff"), language="klingon", available_on="March")

    assert response.status_code == 200
    assert "Some of the filters could not be used" in response.content.decode()
    assert list(response.context["experts"]) == []


@pytest.mark.parametrize("persona", ["expert", "official_of_rabat", "isc_member", "hub_staff_mena"])
def test_only_management_unit_staff_search_the_pool(client_as, pool, persona):
    response = search(client_as(persona), language="fr")

    assert response.status_code == 404
    assert "Claire Match" not in response.content.decode()


def test_the_public_is_sent_to_sign_in_before_searching(client_as, pool):
    response = search(client_as("anonymous"), language="fr")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_search_costs_the_same_queries_for_few_and_many_experts(client_as, youth):
    staff = client_as("mu_staff")
    region = factories.RegionFactory()

    def add(count):
        for n in range(count):
            expert = make_expert_with(f"Expert {n}", languages=["fr"], priorities=[youth])
            expert.regions.add(region)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = search(staff, language="fr", priority="youth")
            assert response.status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(10)
    many = queries()
    assert few == many


# --- Engagements (recorded by staff) ----------------------------------------------------------


def engagement_form(**overrides):
    data = {
        "kind": ExpertEngagement.Kind.ADVICE,
        "engaged_for": ExpertEngagement.For.MANAGEMENT_UNIT,
        "local_government": "",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-20",
        "outcome": "",
    }
    data.update(overrides)
    return ExpertEngagementForm(data)


def test_an_engagement_for_a_city_names_the_city(rabat):
    form = engagement_form(engaged_for=ExpertEngagement.For.CITY)
    assert not form.is_valid()
    assert form.errors["local_government"] == ["Name the city the expert works for."]
    assert engagement_form(
        engaged_for=ExpertEngagement.For.CITY, local_government=rabat.pk
    ).is_valid()


def test_an_engagement_for_anyone_else_names_no_city(rabat):
    form = engagement_form(engaged_for=ExpertEngagement.For.ISC, local_government=rabat.pk)
    assert not form.is_valid()
    assert form.errors["local_government"] == ["Name a city only for an engagement for a city."]


def test_an_engagement_cannot_end_before_it_starts(db):
    form = engagement_form(starts_on="2026-03-20", ends_on="2026-03-02")
    assert not form.is_valid()
    assert form.errors["ends_on"] == ["An engagement cannot end before it starts."]
    assert engagement_form(starts_on="2026-03-20", ends_on="2026-03-20").is_valid()
    assert engagement_form(ends_on="").is_valid()  # still going on


def test_staff_record_an_engagement_and_others_cannot(expert, mu_staff, rabat):
    record = {
        "expert": expert_of(expert),
        "kind": ExpertEngagement.Kind.PEER_LEARNING,
        "engaged_for": ExpertEngagement.For.CITY,
        "local_government": rabat,
        "starts_on": datetime.date(2026, 3, 2),
    }
    with pytest.raises(GovernanceError):
        expert_services.record_engagement(**record, actor=expert)
    with pytest.raises(GovernanceError):
        expert_services.record_engagement(**{**record, "local_government": None}, actor=mu_staff)
    assert not ExpertEngagement.objects.exists()

    engagement = expert_services.record_engagement(**record, actor=mu_staff)

    assert engagement.local_government == rabat


def expert_admin_form(person, **overrides) -> dict:
    """The expert admin's form with one new engagement (for the ISC, from 2 March 2026)."""
    prefix = "engagements"
    return {
        "person": person.pk,
        "profile": Expert.Profile.PRACTITIONER,
        "expertise": "",
        "languages": ["fr"],
        "availability": "",
        "available_from": "",
        "available_until": "",
        "is_active": "on",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-kind": ExpertEngagement.Kind.ADVICE,
        f"{prefix}-0-engaged_for": ExpertEngagement.For.ISC,
        f"{prefix}-0-local_government": "",
        f"{prefix}-0-starts_on": "2026-03-02",
        f"{prefix}-0-ends_on": "",
        f"{prefix}-0-outcome": "",
        **overrides,
    }


def test_the_expert_admin_refuses_an_engagement_for_a_city_without_the_city(client_as, expert):
    the_expert = expert_of(expert)
    response = client_as("mu_staff").post(
        reverse("admin:governance_expert_change", args=[the_expert.pk]),
        expert_admin_form(
            the_expert.person,
            profile=the_expert.profile,
            **{
                "engagements-0-kind": ExpertEngagement.Kind.TRAINING,
                "engagements-0-engaged_for": ExpertEngagement.For.CITY,
                "engagements-0-ends_on": "2026-03-05",
            },
        ),
    )

    assert response.status_code == 200
    assert "Name the city the expert works for." in response.content.decode()
    assert not ExpertEngagement.objects.exists()
    assert expert_of(expert).languages == []
