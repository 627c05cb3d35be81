"""Requests to act for a known city: staff confirm (granting access) or refuse them."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from members.errors import MembershipError
from members.models import ActingClaim, Official, Person
from members.services import claims
from scn_portal.accounts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:members_actingclaim_changelist"


@pytest.fixture
def claim(rabat):
    user = factories.UserFactory(email="new.mayor@rabat.example.org", full_name="New Mayor")
    return factories.ActingClaimFactory(user=user, local_government=rabat, role="mayor")


def test_confirming_a_claim_makes_the_user_an_official_of_the_city(claim, mu_staff):
    official = claims.confirm_acting_claim(claim=claim, actor=mu_staff)

    assert (official.local_government, official.role, official.is_active) == (
        claim.local_government,
        Official.Role.MAYOR,
        True,
    )
    person = Person.objects.get(user=claim.user)
    assert (person.full_name, person.email) == ("New Mayor", claim.user.email)
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (ActingClaim.Status.CONFIRMED, mu_staff)
    assert claim.decided_at is not None
    assert Role.CITY_OFFICIAL in type(claim.user).objects.get(pk=claim.user.pk).roles


def test_confirming_reuses_the_users_person_and_reactivates_an_old_link(claim, mu_staff):
    person = factories.PersonFactory(user=claim.user, full_name="Known person")
    factories.OfficialFactory(
        person=person, local_government=claim.local_government, role="mayor", is_active=False
    )

    claims.confirm_acting_claim(claim=claim, actor=mu_staff)

    assert Person.objects.filter(user=claim.user).count() == 1
    assert Official.objects.get(person=person).is_active


def test_a_decided_claim_cannot_be_decided_again(claim, mu_staff):
    claims.refuse_acting_claim(claim=claim, actor=mu_staff, reason="Unknown to the city hall.")

    with pytest.raises(MembershipError):
        claims.confirm_acting_claim(claim=claim, actor=mu_staff)

    claim.refresh_from_db()
    assert claim.status == ActingClaim.Status.REFUSED
    assert not Official.objects.filter(person__user=claim.user).exists()


def test_refusing_needs_a_reason_and_grants_nothing(claim, mu_staff):
    with pytest.raises(MembershipError):
        claims.refuse_acting_claim(claim=claim, actor=mu_staff, reason=" ")

    claims.refuse_acting_claim(claim=claim, actor=mu_staff, reason="Unknown to the city hall.")

    claim.refresh_from_db()
    assert (claim.status, claim.decision_note) == ("refused", "Unknown to the city hall.")
    assert not Person.objects.filter(user=claim.user).exists()


def test_staff_confirm_and_refuse_claims_from_the_admin(client_as, claim, rabat):
    other = factories.ActingClaimFactory(local_government=rabat)
    client = client_as("mu_staff")
    page = client.get(reverse(CHANGELIST), {"status__exact": "pending"}).content.decode()
    assert "new.mayor@rabat.example.org" in page or "New Mayor" in page

    client.post(
        reverse(CHANGELIST),
        {"action": "confirm", ACTION_CHECKBOX_NAME: [claim.pk], "index": 0},
    )
    asked = client.post(
        reverse(CHANGELIST), {"action": "refuse", ACTION_CHECKBOX_NAME: [other.pk], "index": 0}
    )
    assert asked.status_code == 200 and "Reason" in asked.content.decode()
    client.post(
        reverse(CHANGELIST),
        {"action": "refuse", ACTION_CHECKBOX_NAME: [other.pk], "apply": "1", "reason": "No."},
    )

    claim.refresh_from_db()
    other.refresh_from_db()
    assert claim.status == ActingClaim.Status.CONFIRMED
    assert (other.status, other.decision_note) == (ActingClaim.Status.REFUSED, "No.")


def test_hub_staff_cannot_decide_claims(client_as, claim):
    client = client_as("hub_staff_mena")

    response = client.post(
        reverse(CHANGELIST), {"action": "confirm", ACTION_CHECKBOX_NAME: [claim.pk], "index": 0}
    )

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ActingClaim.Status.PENDING
