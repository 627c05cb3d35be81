"""ISC terms end early, are renewed and pass to the city's new representative, each through
a service of its own: the rules that matter are asked, the others are not, and a refusal
changes nothing. Staff do it from the list of terms and from a term's page; hub staff and
officials cannot.

Today is 15 June 2026 in these tests; seats run from 1 January 2026 to 31 December 2027.
"""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from governance.errors import GovernanceError
from governance.models import CoChairTerm, IscTerm
from governance.services.isc import (
    appoint_isc_member,
    end_isc_term,
    renew_isc_term,
    replace_isc_term_holder,
)
from members.models import Membership, Official
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.governance.test_isc_seats import JAN_2026, co_chair, fill, member_city, seat_holder

pytestmark = pytest.mark.django_db

LEFT_OFFICE = IscTerm.EndReason.LEFT_OFFICE
PLANNED_END = datetime.date(2027, 12, 31)
CHANGELIST = "admin:governance_iscterm_changelist"


@pytest.fixture(autouse=True)
def _mid_june_2026():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def seat(city=None, **kwargs) -> IscTerm:
    city = city or member_city()
    return appoint_isc_member(
        person=seat_holder(city), local_government=city, starts_on=JAN_2026, actor=None, **kwargs
    )


def leaves_office(term: IscTerm) -> None:
    """The mayor is no longer an official of the city (the election was lost)."""
    Official.objects.filter(person=term.person).update(is_active=False)


def frozen(term: IscTerm) -> dict:
    term.refresh_from_db()
    return {f.attname: getattr(term, f.attname) for f in IscTerm._meta.concrete_fields}


def recorded(obj, event: str) -> AuditEntry:
    return AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), event=event
    )


def term_page(term, action: str = "change") -> str:
    model = term._meta.model_name
    return reverse(f"admin:governance_{model}_{action}", args=[term.pk])


# --- Ending a term early ---------------------------------------------------------------


def test_a_term_ends_early_when_the_mayor_has_left_office(mu_staff):
    term = seat()
    leaves_office(term)
    term.local_government.membership.status = Membership.Status.LAPSED
    term.local_government.membership.save()

    end_isc_term(
        term=term,
        ends_on=datetime.date(2026, 5, 31),
        reason=LEFT_OFFICE,
        note="Lost the municipal election.",
        actor=mu_staff,
    )

    term.refresh_from_db()
    assert term.ends_on == datetime.date(2026, 5, 31)
    assert term.planned_ends_on == PLANNED_END
    assert (term.end_reason, term.end_note) == (LEFT_OFFICE, "Lost the municipal election.")
    assert term.ended_by == mu_staff and term.ended_at is not None
    assert not IscTerm.objects.current().filter(pk=term.pk).exists()


@pytest.mark.parametrize(
    ("ends_on", "reason", "note", "says"),
    [
        (datetime.date(2026, 1, 1), LEFT_OFFICE, "", "must come after that"),
        (datetime.date(2025, 12, 1), LEFT_OFFICE, "", "must come after that"),
        (datetime.date(2028, 1, 1), LEFT_OFFICE, "", "planned to end on"),
        (datetime.date(2026, 5, 31), "", "", "Say why"),
        (datetime.date(2026, 5, 31), IscTerm.EndReason.OTHER, " ", "other reason is"),
    ],
)
def test_an_early_end_needs_a_day_within_the_term_and_a_reason(ends_on, reason, note, says):
    term = seat()
    before = frozen(term)

    with pytest.raises(GovernanceError) as refused:
        end_isc_term(term=term, ends_on=ends_on, reason=reason, note=note, actor=None)

    assert says in refused.value.messages[0]
    assert frozen(term) == before


def test_a_term_is_ended_early_once(mu_staff):
    term = seat()
    end_isc_term(term=term, ends_on=datetime.date(2026, 5, 31), reason=LEFT_OFFICE, actor=None)

    with pytest.raises(GovernanceError, match="already ended early"):
        end_isc_term(term=term, ends_on=datetime.date(2026, 4, 30), reason=LEFT_OFFICE, actor=None)


def test_the_holders_co_chair_term_ends_with_the_seat(mu_staff):
    term = seat()
    chair = co_chair(term, mu_staff)

    end_isc_term(term=term, ends_on=datetime.date(2026, 9, 30), reason=LEFT_OFFICE, actor=None)

    chair.refresh_from_db()
    assert chair.ends_on == datetime.date(2026, 9, 30)
    assert chair.planned_ends_on == PLANNED_END and chair.end_reason == LEFT_OFFICE
    assert recorded(chair, "co_chair_term_ended")


def test_a_co_chair_term_that_has_not_begun_goes_with_the_seat(mu_staff):
    term = seat()
    co_chair(term, mu_staff, starts_on=datetime.date(2026, 10, 1))

    end_isc_term(term=term, ends_on=datetime.date(2026, 9, 30), reason=LEFT_OFFICE, actor=None)

    assert not CoChairTerm.objects.exists()


def test_a_seat_cannot_end_before_the_co_chair_term_it_carries_began(mu_staff):
    term = seat()
    chair = co_chair(term, mu_staff, starts_on=datetime.date(2026, 3, 1))
    before, chair_before = frozen(term), chair.ends_on

    with pytest.raises(GovernanceError, match="co-chair since"):
        end_isc_term(term=term, ends_on=datetime.date(2026, 2, 15), reason=LEFT_OFFICE, actor=None)

    assert frozen(term) == before
    chair.refresh_from_db()
    assert chair.ends_on == chair_before and not chair.end_reason


def test_a_renewal_recorded_ahead_is_withdrawn_with_the_seat():
    term = seat()
    renewal = renew_isc_term(term=term, actor=None)

    end_isc_term(term=term, ends_on=datetime.date(2026, 9, 30), reason=LEFT_OFFICE, actor=None)

    assert not IscTerm.objects.filter(pk=renewal.pk).exists()
    assert AuditEntry.objects.filter(
        object_id=str(renewal.pk), action="deleted", event="isc_term_ended"
    ).exists()


def test_a_term_whose_renewal_has_started_is_not_ended_early():
    city = member_city()
    earlier = appoint_isc_member(
        person=seat_holder(city),
        local_government=city,
        starts_on=datetime.date(2024, 1, 1),
        actor=None,
    )
    renew_isc_term(term=earlier, actor=None)  # from 1 January 2026: current

    with pytest.raises(GovernanceError, match="has already started"):
        end_isc_term(
            term=earlier, ends_on=datetime.date(2025, 6, 30), reason=LEFT_OFFICE, actor=None
        )
    assert IscTerm.objects.count() == 2


# --- Renewing ---------------------------------------------------------------------------


def test_a_renewal_counts_the_seats_on_its_own_dates_not_today():
    term = seat()
    fill(25, starts_on=datetime.date(2028, 1, 1))  # full from the day the renewal would start

    with pytest.raises(GovernanceError) as refused:
        renew_isc_term(term=term, actor=None)

    assert "All 25 seats are taken on Jan. 1, 2028" in refused.value.messages[0]
    assert not IscTerm.objects.filter(previous=term).exists()


def test_a_full_committee_today_does_not_stop_a_renewal_once_seats_are_free():
    term = seat()
    fill(24, starts_on=JAN_2026)  # 25 seats today, all ending on 31 December 2027

    renewal = renew_isc_term(term=term, actor=None)

    assert renewal.starts_on == datetime.date(2028, 1, 1) and renewal.previous == term


def test_a_holder_who_no_longer_acts_for_the_city_is_not_renewed():
    term = seat()
    leaves_office(term)

    with pytest.raises(GovernanceError, match="does not act for"):
        renew_isc_term(term=term, actor=None)


def test_a_city_that_may_not_hold_a_seat_on_the_renewals_first_day_is_not_renewed():
    term = seat()
    term.local_government.membership.status = Membership.Status.SUSPENDED
    term.local_government.membership.save()

    with pytest.raises(GovernanceError, match="may not hold a seat"):
        renew_isc_term(term=term, actor=None)


def test_a_term_ended_early_is_not_renewed():
    term = seat()
    end_isc_term(term=term, ends_on=datetime.date(2026, 9, 30), reason=LEFT_OFFICE, actor=None)

    with pytest.raises(GovernanceError, match="ended early"):
        renew_isc_term(term=term, actor=None)
    assert IscTerm.objects.count() == 1


# --- Replacing the holder -----------------------------------------------------------------


def test_the_citys_new_mayor_takes_the_seat_for_the_rest_of_its_period(mu_staff):
    term = seat()
    chair = co_chair(term, mu_staff)
    leaves_office(term)
    successor = seat_holder(term.local_government)

    new = replace_isc_term_holder(
        term=term, person=successor, starts_on=datetime.date(2026, 7, 1), actor=mu_staff
    )

    term.refresh_from_db()
    assert term.ends_on == datetime.date(2026, 6, 30)
    assert term.end_reason == IscTerm.EndReason.REPLACED and term.planned_ends_on == PLANNED_END
    assert (new.person, new.local_government) == (successor, term.local_government)
    assert (new.starts_on, new.ends_on) == (datetime.date(2026, 7, 1), PLANNED_END)
    assert new.previous == term and new.appointed_by == mu_staff
    chair.refresh_from_db()
    assert chair.ends_on == datetime.date(2026, 6, 30)  # the members appoint the next one


def test_a_refused_new_holder_leaves_the_old_term_exactly_as_it_was(mu_staff):
    term = seat()
    chair = co_chair(term, mu_staff)
    stranger = factories.PersonFactory()  # does not act for the city
    before = frozen(term)

    with pytest.raises(GovernanceError, match="does not act for"):
        replace_isc_term_holder(
            term=term, person=stranger, starts_on=datetime.date(2026, 7, 1), actor=mu_staff
        )

    assert frozen(term) == before
    chair.refresh_from_db()
    assert chair.ends_on == PLANNED_END and not chair.end_reason
    assert IscTerm.objects.count() == 1


def test_a_new_holder_who_already_sits_for_another_city_is_refused_and_nothing_changes():
    term = seat()
    other_city = member_city()
    other_seat = seat(other_city)
    factories.OfficialFactory(person=other_seat.person, local_government=term.local_government)
    before = frozen(term)

    with pytest.raises(GovernanceError, match="already holds a seat"):
        replace_isc_term_holder(
            term=term, person=other_seat.person, starts_on=datetime.date(2026, 7, 1), actor=None
        )

    assert frozen(term) == before


@pytest.mark.parametrize(
    "starts_on", [datetime.date(2026, 1, 2), datetime.date(2027, 12, 31), datetime.date(2028, 1, 1)]
)
def test_the_new_holder_starts_within_the_seats_period(starts_on):
    term = seat()
    with pytest.raises(GovernanceError, match="within the seat's period"):
        replace_isc_term_holder(
            term=term,
            person=seat_holder(term.local_government),
            starts_on=starts_on,
            actor=None,
        )


def test_a_seat_ended_early_gets_a_successor_to_its_planned_end():
    term = seat()
    end_isc_term(term=term, ends_on=datetime.date(2026, 3, 31), reason=LEFT_OFFICE, actor=None)

    new = replace_isc_term_holder(
        term=term,
        person=seat_holder(term.local_government),
        starts_on=datetime.date(2026, 6, 1),
        actor=None,
    )

    term.refresh_from_db()
    assert term.ends_on == datetime.date(2026, 3, 31) and term.end_reason == LEFT_OFFICE
    assert (new.starts_on, new.ends_on, new.previous) == (
        datetime.date(2026, 6, 1),
        PLANNED_END,
        term,
    )


# --- In the admin: Management Unit staff, recorded with who did it ----------------------


def test_staff_end_terms_early_from_the_list_and_it_is_recorded(client_as, mu_staff):
    term = seat()
    leaves_office(term)

    page = client_as("mu_staff").post(
        reverse(CHANGELIST),
        {
            "action": "end_early",
            "_selected_action": [term.pk],
            "apply": "1",
            "ends_on": "2026-05-31",
            "reason": LEFT_OFFICE,
            "note": "",
        },
        follow=True,
    )

    assert "1 term ended." in page.content.decode()
    term.refresh_from_db()
    assert term.ends_on == datetime.date(2026, 5, 31) and term.ended_by == mu_staff
    entry = recorded(term, "isc_term_ended")
    assert entry.actor == mu_staff and entry.source == "admin"


def test_the_list_action_asks_for_the_day_and_the_reason_first(client_as):
    term = seat()
    page = client_as("mu_staff").post(
        reverse(CHANGELIST), {"action": "end_early", "_selected_action": [term.pk]}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="ends_on"' in html and 'name="reason"' in html
    assert not frozen(term)["end_reason"]


def test_a_refused_end_from_the_list_is_a_message_and_changes_nothing(client_as):
    term = seat()
    before = frozen(term)

    page = client_as("mu_staff").post(
        reverse(CHANGELIST),
        {
            "action": "end_early",
            "_selected_action": [term.pk],
            "apply": "1",
            "ends_on": "2028-06-30",
            "reason": LEFT_OFFICE,
        },
        follow=True,
    )

    assert page.status_code == 200
    assert "an early end is on that day or before" in page.content.decode()
    assert frozen(term) == before


def test_staff_end_a_term_from_its_page(client_as, mu_staff):
    term = seat()
    staff = client_as("mu_staff")
    assert term_page(term, "end") in staff.get(term_page(term)).content.decode()

    response = staff.post(
        term_page(term, "end"),
        {"ends_on": "2026-05-31", "reason": IscTerm.EndReason.STEPPED_DOWN, "note": ""},
    )

    assert response.status_code == 302 and response["Location"] == term_page(term)
    term.refresh_from_db()
    assert term.end_reason == IscTerm.EndReason.STEPPED_DOWN
    assert recorded(term, "isc_term_ended").actor == mu_staff


def test_a_refused_end_on_the_terms_page_shows_why(client_as):
    term = seat()
    before = frozen(term)

    response = client_as("mu_staff").post(
        term_page(term, "end"), {"ends_on": "2025-06-30", "reason": LEFT_OFFICE}
    )

    assert response.status_code == 400
    assert "must come after that" in response.content.decode()
    assert frozen(term) == before


def test_staff_renew_a_term_from_its_page_for_the_years_they_choose(client_as, mu_staff):
    term = seat()
    response = client_as("mu_staff").post(term_page(term, "renew"), {"years": "3"})

    renewal = IscTerm.objects.get(previous=term)
    assert response["Location"] == term_page(renewal)
    assert (renewal.starts_on, renewal.ends_on) == (
        datetime.date(2028, 1, 1),
        datetime.date(2030, 12, 31),
    )
    assert recorded(renewal, "isc_term_renewed").actor == mu_staff


def test_a_refused_renewal_on_the_terms_page_shows_why(client_as):
    term = seat()
    leaves_office(term)

    response = client_as("mu_staff").post(term_page(term, "renew"), {"years": ""})

    assert response.status_code == 400
    assert "does not act for" in response.content.decode()
    assert IscTerm.objects.count() == 1


def test_staff_replace_the_holder_from_the_terms_page(client_as, mu_staff):
    term = seat()
    successor = seat_holder(term.local_government)
    staff = client_as("mu_staff")
    form = staff.get(term_page(term, "replace")).content.decode()
    choices = form[form.index('<select name="person"') : form.index("</select>")]
    assert successor.full_name in choices and term.person.full_name not in choices

    response = staff.post(
        term_page(term, "replace"), {"person": successor.pk, "starts_on": "2026-07-01"}
    )

    new = IscTerm.objects.get(person=successor)
    assert response["Location"] == term_page(new)
    entry = recorded(new, "isc_term_holder_replaced")
    assert entry.actor == mu_staff and entry.source == "admin"
    assert recorded(term, "isc_term_holder_replaced").actor == mu_staff


def test_a_refused_replacement_on_the_terms_page_shows_why_and_changes_nothing(client_as):
    term = seat()
    other_seat = seat()  # its holder also acts for the city, but sits for another one
    factories.OfficialFactory(person=other_seat.person, local_government=term.local_government)
    before, terms = frozen(term), IscTerm.objects.count()

    response = client_as("mu_staff").post(
        term_page(term, "replace"), {"person": other_seat.person.pk, "starts_on": "2026-07-01"}
    )

    assert response.status_code == 400
    assert "already holds a seat during these dates" in response.content.decode()
    assert frozen(term) == before and IscTerm.objects.count() == terms


def test_the_replacement_form_offers_only_people_who_act_for_the_city(client_as):
    term = seat()
    former = seat_holder(term.local_government)
    Official.objects.filter(person=former).update(is_active=False)

    response = client_as("mu_staff").post(
        term_page(term, "replace"), {"person": former.pk, "starts_on": "2026-07-01"}
    )

    assert response.status_code == 400
    assert not IscTerm.objects.filter(person=former).exists()


@pytest.mark.parametrize("persona", ["hub_staff_mena", "official_of_rabat", "isc_member"])
@pytest.mark.parametrize("action", ["end", "renew", "replace"])
def test_only_management_unit_staff_end_renew_or_replace(client_as, persona, action):
    term = seat()
    successor = seat_holder(term.local_government)
    client = client_as(persona)
    before, terms = frozen(term), IscTerm.objects.count()

    response = client.post(
        term_page(term, action),
        {
            "ends_on": "2026-05-31",
            "reason": LEFT_OFFICE,
            "years": "",
            "person": successor.pk,
            "starts_on": "2026-07-01",
        },
    )
    listed = client.post(
        reverse(CHANGELIST),
        {
            "action": "end_early",
            "_selected_action": [term.pk],
            "apply": "1",
            "ends_on": "2026-05-31",
            "reason": LEFT_OFFICE,
        },
    )

    expected = 403 if persona == "hub_staff_mena" else 302
    assert response.status_code == listed.status_code == expected
    assert frozen(term) == before and IscTerm.objects.count() == terms


def test_the_buttons_a_term_offers_depend_on_what_happened_to_it(client_as):
    term = seat()
    staff = client_as("mu_staff")
    page = staff.get(term_page(term)).content.decode()
    assert all(term_page(term, a) in page for a in ("end", "renew", "replace"))

    end_isc_term(term=term, ends_on=datetime.date(2026, 5, 31), reason=LEFT_OFFICE, actor=None)
    page = staff.get(term_page(term)).content.decode()
    assert term_page(term, "replace") in page
    assert term_page(term, "end") not in page and term_page(term, "renew") not in page
    assert "Left office in their city" in page  # why it ended, read-only


# --- Correcting a term's dates ------------------------------------------------------------


def correction(**overrides) -> dict:
    return {"capacity": "mayor", "starts_on": "2026-01-01", "ends_on": "2027-12-31", **overrides}


def test_the_dates_of_a_former_mayors_term_can_be_corrected(client_as, mu_staff):
    term = seat()
    leaves_office(term)
    holder = term.person

    response = client_as("mu_staff").post(
        term_page(term),
        correction(starts_on="2026-01-15", person=factories.PersonFactory().pk),
    )

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.starts_on == datetime.date(2026, 1, 15)
    assert term.person == holder  # the holder is read-only: replaced only by the action
    assert recorded(term, "isc_term_changed").actor == mu_staff


def test_a_correction_that_would_make_a_26th_seat_is_refused(client_as):
    term = seat()
    fill(24, starts_on=datetime.date(2028, 1, 1))
    appoint_isc_member(
        person=seat_holder(c := member_city()),
        local_government=c,
        starts_on=datetime.date(2028, 1, 1),
        actor=None,
    )  # 25 seats from 2028

    response = client_as("mu_staff").post(term_page(term), correction(ends_on="2028-03-31"))

    assert response.status_code == 200
    assert "All 25 seats are taken" in response.content.decode()
    assert frozen(term)["ends_on"] == PLANNED_END


def test_a_term_ended_early_cannot_be_corrected_past_its_planned_end(client_as):
    term = seat()
    end_isc_term(term=term, ends_on=datetime.date(2026, 5, 31), reason=LEFT_OFFICE, actor=None)

    response = client_as("mu_staff").post(term_page(term), correction(ends_on="2028-06-30"))

    assert response.status_code == 200
    assert "the end it was planned to have" in response.content.decode()
    assert frozen(term)["ends_on"] == datetime.date(2026, 5, 31)


def test_a_correction_cannot_leave_a_co_chair_without_a_seat(client_as, mu_staff):
    term = seat()
    co_chair(term, mu_staff, starts_on=datetime.date(2026, 3, 1))

    response = client_as("mu_staff").post(term_page(term), correction(starts_on="2026-04-01"))

    assert response.status_code == 200
    assert "must hold a seat that day" in response.content.decode()


# --- Never deleted ------------------------------------------------------------------------


def test_terms_have_no_delete_button_nor_bulk_deletion(client_as, mu_staff):
    term = seat()
    chair = co_chair(term, mu_staff)
    staff = client_as("mu_staff")
    for record in (term, chair):
        assert staff.get(term_page(record, "delete")).status_code == 403
        assert term_page(record, "delete") not in staff.get(term_page(record)).content.decode()
        listing = staff.get(reverse(f"admin:governance_{record._meta.model_name}_changelist"))
        assert 'value="delete_selected"' not in listing.content.decode()
    assert staff.post(term_page(term, "delete"), {"post": "yes"}).status_code == 403
    assert IscTerm.objects.filter(pk=term.pk).exists()
