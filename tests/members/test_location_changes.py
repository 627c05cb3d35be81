"""A city never changes what the eligibility check reads without staff seeing it.

An official of a city the check flagged cleared its coordinates (or changed its
subdivision) and the city was at once "eligible" again. Now the new location is held for
staff's review: the recorded one, and the flag, stay until staff decide; staff are told;
the history names who proposed and who decided.
"""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from members.eligibility import may_hold_member_benefits
from members.errors import MembershipError
from members.models import LocalGovernment, LocationChange, Membership, TerritoryMatch
from members.services import applications, cities, locations, memberships, screening
from members.tasks import notify_location_change
from scn_portal.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:members_locationchange_changelist"


def url(name, **kwargs):
    return reverse(f"members:{name}", kwargs=kwargs)


def profile_of(city, **overrides) -> dict:
    data = {
        "name_en": city.name_en,
        "name_ar": city.name_ar or "",
        "name_fr": "",
        "name_es": "",
        "profile_en": "",
        "profile_ar": "",
        "profile_fr": "",
        "profile_es": "",
        "kind": city.kind,
        "subdivision": city.subdivision,
        "latitude": "" if city.latitude is None else str(city.latitude),
        "longitude": "" if city.longitude is None else str(city.longitude),
        "population": "",
        "website": "",
        "languages": [],
        "publicly_listed": "True",
    }
    data.update(overrides)
    return data


@pytest.fixture
def territory(db):
    return factories.DisputedTerritoryFactory(
        name="Example territory (test data)",
        subdivision_codes=["MA-04"],
        boundary=factories.square(-7.0, 33.9, -6.7, 34.1),
    )


@pytest.fixture
def flagged_rabat(rabat, territory):
    """Rabat, a member, found inside the territory (by code; its point is inside too)."""
    rabat.subdivision = "MA-04"
    rabat.latitude, rabat.longitude = Decimal("34.02088"), Decimal("-6.84165")
    rabat.save()
    screening.rescreen_members_and_applicants()
    assert TerritoryMatch.objects.filter(local_government=rabat).exists()
    return rabat


def still_flagged(city) -> bool:
    city = LocalGovernment.objects.get(pk=city.pk)
    return (
        city.subdivision == "MA-04"
        and city.latitude == Decimal("34.02088")
        and TerritoryMatch.objects.filter(local_government=city).exists()
        and not may_hold_member_benefits(city)
    )


@pytest.mark.parametrize(
    "change",
    [
        {"latitude": "", "longitude": ""},  # the coordinates cleared
        {"subdivision": "MA-07", "latitude": "", "longitude": ""},  # another subdivision
        {"subdivision": ""},  # the subdivision cleared (the boundary still matches)
    ],
    ids=["coordinates cleared", "subdivision changed", "subdivision cleared"],
)
def test_a_flagged_city_cannot_clear_its_own_flag_from_the_profile(
    client_as,
    official_of_rabat,
    flagged_rabat,
    mu_staff,
    change,
    django_capture_on_commit_callbacks,
):
    client = client_as("official_of_rabat")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("edit_city_profile", code=flagged_rabat.code), profile_of(flagged_rabat, **change)
        )

    assert response.status_code == 302
    assert still_flagged(flagged_rabat)
    page = client.get(url("city_portal", code=flagged_rabat.code)).content.decode()
    assert "Today the city may hold every member benefit" not in page
    assert "the eligibility check reads that one" in page
    proposal = LocationChange.objects.get(local_government=flagged_rabat)
    assert proposal.status == LocationChange.Status.PENDING
    assert proposal.proposed_by == official_of_rabat
    assert proposal.previous["subdivision"] == "MA-04"
    # Staff are told, and the city stays on their list of cities inside a territory.
    assert [m.to for m in mail.outbox] == [[mu_staff.email]]
    assert flagged_rabat.name in mail.outbox[0].subject
    staff = client_as("mu_staff")
    listed = staff.get(reverse("admin:members_territorymatch_changelist")).content.decode()
    assert flagged_rabat.name in listed


def test_a_sent_back_application_cannot_move_itself_out_of_a_territory(
    client_as, official_of_rabat, rabat, territory
):
    """An application the check found ineligible, sent back as a draft for more information:
    the details step holds the new location too."""
    rabat.subdivision = "MA-04"
    rabat.save()
    membership = rabat.membership
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.UNDER_REVIEW)
    screening.location_changed(local_government=rabat, actor=None)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INELIGIBLE
    memberships.transition(membership=membership, to=Membership.Status.APPLICANT, actor=None)

    response = client_as("official_of_rabat").post(
        url("application_details", code=rabat.code),
        {
            "name": "Rabat",
            "kind": rabat.kind,
            "country": "MA",
            "subdivision": "MA-07",
            "latitude": "",
            "longitude": "",
            "population": "",
            "website": "",
            "profile": "",
            "publicly_listed": "True",
        },
    )

    assert response.status_code == 302
    assert LocalGovernment.objects.get(pk=rabat.pk).subdivision == "MA-04"
    assert LocationChange.objects.pending().get(local_government=rabat).subdivision == "MA-07"


def test_the_applicant_of_a_new_city_sets_its_location_until_the_first_submission(
    client_as, official_of_rabat, rabat
):
    """Nothing has been screened yet: the check runs, and staff see it, on submission."""
    draft = factories.LocalGovernmentFactory(name="Tétouan", country="MA", location_confirmed=False)
    Membership.objects.create(local_government=draft, status=Membership.Status.APPLICANT)
    factories.OfficialFactory(person=official_of_rabat.person, local_government=draft)

    client_as("official_of_rabat").post(
        url("application_details", code=draft.code),
        {
            "name": "Tétouan",
            "kind": "city",
            "country": "MA",
            "subdivision": "MA-01",
            "latitude": "35.57845",
            "longitude": "-5.36837",
            "population": "",
            "website": "",
            "profile": "",
            "publicly_listed": "True",
        },
    )

    draft.refresh_from_db()
    assert (draft.subdivision, draft.latitude) == ("MA-01", Decimal("35.57845"))
    assert not LocationChange.objects.exists()


def test_submitting_the_first_application_closes_the_location_to_officials(official_of_rabat):
    draft = factories.LocalGovernmentFactory(name="Tétouan", country="MA", location_confirmed=False)
    membership = Membership.objects.create(
        local_government=draft, status=Membership.Status.APPLICANT
    )

    applications.submit_application(membership=membership, actor=official_of_rabat)

    assert LocalGovernment.objects.get(pk=draft.pk).location_confirmed is True


def run_action(client, action, changes, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in changes], "index": 0, **data},
    )


def propose(city, user, **values) -> LocationChange:
    location = {
        "country": city.country,
        "subdivision": city.subdivision,
        "latitude": city.latitude,
        "longitude": city.longitude,
        **values,
    }
    return locations.propose_location_change(local_government=city, values=location, actor=user)


def test_staff_accept_a_new_location_and_the_check_runs_again_at_once(
    client_as, official_of_rabat, flagged_rabat, mu_staff, django_capture_on_commit_callbacks
):
    client_as("official_of_rabat").post(
        url("edit_city_profile", code=flagged_rabat.code),
        profile_of(flagged_rabat, subdivision="MA-07", latitude="", longitude=""),
    )
    change = LocationChange.objects.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client_as("mu_staff"), "accept", [change])

    assert response.status_code == 302
    city = LocalGovernment.objects.get(pk=flagged_rabat.pk)
    assert (city.subdivision, city.latitude) == ("MA-07", None)
    assert not TerritoryMatch.objects.filter(local_government=city).exists()
    assert may_hold_member_benefits(city)
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (LocationChange.Status.ACCEPTED, mu_staff)
    # The proposer is told, in their language.
    assert [m.to for m in mail.outbox] == [[official_of_rabat.email]]
    assert "accepted" in mail.outbox[0].subject
    # The history names who proposed and who accepted.
    entries = AuditEntry.objects.filter(
        content_type__model="locationchange", object_id=str(change.pk)
    ).order_by("pk")
    assert [(e.action, e.actor) for e in entries] == [
        ("created", official_of_rabat),
        ("changed", mu_staff),
    ]
    city_entries = AuditEntry.objects.filter(
        content_type__model="localgovernment", object_id=str(city.pk), actor=mu_staff
    )
    assert city_entries.exists()


def test_staff_refuse_a_new_location_with_a_reason_and_nothing_changes(
    client_as, official_of_rabat, flagged_rabat, django_capture_on_commit_callbacks
):
    change = propose(flagged_rabat, official_of_rabat, latitude=None, longitude=None)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run_action(
            client_as("mu_staff"),
            "refuse",
            [change],
            apply="1",
            reason="The city hall is inside the territory.",
        )

    assert still_flagged(flagged_rabat)
    change.refresh_from_db()
    assert change.status == LocationChange.Status.REFUSED
    assert "inside the territory" in mail.outbox[0].body


def test_a_refusal_needs_its_reason(client_as, official_of_rabat, flagged_rabat):
    change = propose(flagged_rabat, official_of_rabat, latitude=None, longitude=None)

    response = run_action(client_as("mu_staff"), "refuse", [change], apply="1", reason=" ")

    assert response.status_code == 200  # the page asking for the reason, again
    change.refresh_from_db()
    assert change.status == LocationChange.Status.PENDING


def test_hub_staff_see_the_proposals_of_their_region_but_cannot_decide(
    client_as, official_of_rabat, flagged_rabat, hub_staff_mena, hub_staff_other
):
    change = propose(flagged_rabat, official_of_rabat, latitude=None, longitude=None)
    mena = client_as("hub_staff_mena")

    listed = mena.get(reverse(CHANGELIST)).content.decode()
    response = run_action(mena, "accept", [change])

    assert flagged_rabat.name in listed
    assert response.status_code in (200, 302)
    change.refresh_from_db()
    assert change.status == LocationChange.Status.PENDING
    assert still_flagged(flagged_rabat)
    other = client_as("hub_staff_other").get(reverse(CHANGELIST)).content.decode()
    assert flagged_rabat.name not in other
    with pytest.raises(MembershipError):
        locations.accept_location_change(change=change, actor=hub_staff_mena)


def test_hub_staff_cannot_change_a_citys_location_in_the_admin(
    client_as, hub_staff_mena, flagged_rabat
):
    client = client_as("hub_staff_mena")
    change_url = reverse("admin:members_localgovernment_change", args=[flagged_rabat.pk])
    form = client.get(change_url).content.decode()
    assert 'name="subdivision"' not in form

    client.post(
        change_url,
        {
            "name_en": "Rabat",
            "kind": "capital",
            "country": "NO",
            "subdivision": "",
            "latitude": "",
            "longitude": "",
            "publicly_listed": "on",
            "officials-TOTAL_FORMS": "0",
            "officials-INITIAL_FORMS": "0",
        },
    )

    assert still_flagged(flagged_rabat)
    assert LocalGovernment.objects.get(pk=flagged_rabat.pk).country == "MA"


def test_the_service_refuses_staff_without_the_permission(hub_staff_mena, flagged_rabat):
    with pytest.raises(MembershipError):
        cities.save_city_record(
            local_government=flagged_rabat, changed=["subdivision"], actor=hub_staff_mena
        )


def test_a_later_proposal_replaces_the_one_waiting(official_of_rabat, flagged_rabat):
    first = propose(flagged_rabat, official_of_rabat, latitude=None, longitude=None)
    second = propose(flagged_rabat, official_of_rabat, subdivision="MA-07")

    first.refresh_from_db()
    assert first.status == LocationChange.Status.WITHDRAWN
    assert list(LocationChange.objects.pending()) == [second]


def test_only_an_official_of_the_city_proposes_its_location(
    official_of_other_city, mu_staff, flagged_rabat
):
    for outsider in (official_of_other_city, mu_staff):
        with pytest.raises(MembershipError) as refused:
            propose(flagged_rabat, outsider, subdivision="MA-07")
        assert refused.value.code == "permission"
    assert not LocationChange.objects.exists()


def test_proposing_the_recorded_location_holds_nothing(official_of_rabat, flagged_rabat):
    assert propose(flagged_rabat, official_of_rabat) is None
    assert not LocationChange.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"subdivision": "NO-03"},  # not in the country
        {"latitude": Decimal("10"), "longitude": None},  # half a pair
    ],
)
def test_a_bad_proposal_is_refused_and_nothing_is_held(official_of_rabat, flagged_rabat, values):
    with pytest.raises(MembershipError):
        propose(flagged_rabat, official_of_rabat, **values)
    assert not LocationChange.objects.exists()


def test_an_accepted_change_that_makes_a_duplicate_is_refused_with_a_message(
    client_as, official_of_rabat, flagged_rabat
):
    factories.LocalGovernmentFactory(name="Rabat", country="MA", subdivision="MA-07")
    change = propose(flagged_rabat, official_of_rabat, subdivision="MA-07")

    response = run_action(client_as("mu_staff"), "accept", [change])

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("already known" in m for m in messages)
    change.refresh_from_db()
    assert change.status == LocationChange.Status.PENDING
    assert still_flagged(flagged_rabat)


def test_staff_are_told_once_however_often_the_task_runs(
    official_of_rabat, flagged_rabat, mu_staff
):
    change = propose(flagged_rabat, official_of_rabat, latitude=None, longitude=None)
    mail.outbox.clear()

    notify_location_change.delay(change_id=change.pk)
    notify_location_change.delay(change_id=change.pk)

    assert [m.to for m in mail.outbox] == [[mu_staff.email]]
