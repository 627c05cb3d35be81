"""Subject access: staff export everything the portal holds about a person, as JSON."""

import json

import pytest
from django.urls import reverse

from members.models import ActingClaim, Invitation
from tests.factories import PASSWORD


def export_url(person) -> str:
    return reverse("web:personal_data_export", kwargs={"code": person.code})


def test_staff_export_what_the_portal_holds_about_an_official(client_as, official_of_rabat, oslo):
    ActingClaim.objects.create(
        user=official_of_rabat,
        local_government=oslo,
        role="staff",
        position="Adviser",
        note="I coordinate the youth council.",
    )
    response = client_as("mu_staff").get(export_url(official_of_rabat.person))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["user_account"]["email"] == official_of_rabat.email
    assert [c["city"] for c in data["acts_for"]] == ["Rabat"]
    claim = data["user_account"]["claims_to_act_for_a_city"][0]
    assert (claim["city"], claim["note"]) == ("Oslo", "I coordinate the youth council.")
    text = response.content.decode()
    assert official_of_rabat.password not in text and PASSWORD not in text


def test_the_export_holds_the_invitations_the_person_sent_and_received(
    client_as, official_of_rabat, official_of_other_city, rabat, oslo
):
    Invitation.objects.create(
        local_government=rabat,
        email="colleague@rabat.example.org",
        language="fr",
        message="Bienvenue",
        invited_by=official_of_rabat,
    )
    Invitation.objects.create(
        local_government=oslo,
        email=official_of_rabat.email.upper(),
        language="en",
        invited_by=official_of_other_city,
    )
    Invitation.objects.create(
        local_government=oslo, email="someone@oslo.example.org", language="en"
    )

    response = client_as("mu_staff").get(export_url(official_of_rabat.person))

    data = json.loads(response.content)
    sent = data["user_account"]["invitations_sent"]
    assert [(i["city"], i["email"], i["note"]) for i in sent] == [
        ("Rabat", "colleague@rabat.example.org", "Bienvenue")
    ]
    received = data["invitations_received"]
    assert [(i["city"], i["email"]) for i in received] == [
        ("Oslo", official_of_rabat.email.upper())
    ]
    assert "someone@oslo.example.org" not in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["official_of_rabat", "official_of_other_city", "hub_staff_mena", "isc_member"]
)
def test_nobody_but_management_unit_staff_exports_personal_data(
    client_as, official_of_rabat, persona
):
    response = client_as(persona).get(export_url(official_of_rabat.person))
    assert response.status_code == 404


def test_the_export_link_is_on_the_persons_admin_page(client_as, official_of_rabat):
    person = official_of_rabat.person
    page = (
        client_as("mu_staff")
        .get(reverse("admin:members_person_change", args=[person.pk]))
        .content.decode()
    )
    assert export_url(person) in page
