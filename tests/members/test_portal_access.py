"""Who sees what in the member portal: an official sees and changes only the cities they
act for; any other city's pages answer 404, whatever code is typed; a pending request
to act for a city gives no access; nothing posted changes a staff-only field."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import (
    ActingClaim,
    GuidingPrinciple,
    LocalGovernment,
    Membership,
    Official,
    PrincipleVersion,
)
from members.services.claims import confirm_acting_claim
from tests import factories

CITY_PAGES = [
    ("city_portal", {}),
    ("application", {}),
    ("application_details", {}),
    ("application_contacts", {}),
    ("application_principle", {"number": 1}),
    ("application_signatory", {}),
    ("application_review", {}),
    ("recommit", {}),
    ("recommit_principle", {"number": 1}),
    ("recommit_signatory", {}),
    ("edit_city_profile", {}),
    ("edit_city_contacts", {}),
    ("invite_colleague", {}),
]
CITY_ACTIONS = [
    ("application_restart", {}),
    ("application_submit", {}),
    ("application_details", {}),
    ("edit_city_profile", {}),
    ("edit_city_contacts", {}),
    ("invite_colleague", {}),
    ("recommit_principle", {"number": 1}),
]


def site_url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def url(name: str, lang: str = "en", **kwargs) -> str:
    return site_url(f"members:{name}", lang, **kwargs)


@pytest.fixture
def principles(db):
    version = PrincipleVersion.objects.create(label="2023", effective_on=datetime.date(2023, 1, 1))
    GuidingPrinciple.objects.create(version=version, number=1, text_en="Principle 1")
    return version


# --- 404 for every city one does not act for ------------------------------------------


@pytest.mark.parametrize(("name", "extra"), CITY_PAGES)
def test_an_official_cannot_read_another_citys_pages(client_as, rabat, principles, name, extra):
    client = client_as("official_of_other_city")

    response = client.get(url(name, code=rabat.code, **extra))

    assert response.status_code == 404
    assert "Rabat" not in response.content.decode()


@pytest.mark.parametrize(("name", "extra"), CITY_ACTIONS)
def test_an_official_cannot_change_another_city(client_as, rabat, principles, name, extra):
    client = client_as("official_of_other_city")
    before = LocalGovernment.objects.values().get(pk=rabat.pk)

    response = client.post(
        url(name, code=rabat.code, **extra),
        {"name_en": "Hacked", "kind": "other", "email": "x@example.org", "agree": "on"},
    )

    assert response.status_code == 404
    assert LocalGovernment.objects.values().get(pk=rabat.pk) == before
    assert Membership.objects.get(local_government=rabat).status == Membership.Status.MEMBER


@pytest.mark.parametrize("persona", ["mu_staff", "superuser", "hub_staff_mena", "isc_member"])
def test_staff_and_other_roles_use_the_admin_not_these_pages(client_as, rabat, persona):
    response = client_as(persona).get(url("city_portal", code=rabat.code))

    assert response.status_code == 404


def test_an_unknown_code_answers_404(client_as, rabat):
    client = client_as("official_of_rabat")

    assert client.get(url("city_portal", code=uuid.uuid4())).status_code == 404
    assert client.get(f"/en/portal/cities/{rabat.pk}/").status_code == 404
    assert client.get("/en/portal/cities/not-a-code/").status_code == 404


def test_the_official_of_rabat_reads_rabats_page(client_as, rabat, oslo):
    response = client_as("official_of_rabat").get(url("city_portal", code=rabat.code))

    assert response.status_code == 200
    assert "Rabat" in response.content.decode()
    assert "Oslo" not in response.content.decode()


def test_an_official_who_no_longer_acts_for_the_city_gets_404(client_as, rabat):
    client = client_as("official_of_rabat")
    Official.objects.filter(local_government=rabat).update(is_active=False)

    assert client.get(url("city_portal", code=rabat.code)).status_code == 404


@pytest.mark.parametrize("name", ["portal", "application_start", "claim"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, name):
    response = client.get(url(name))

    assert response.status_code == 302
    assert site_url("account_login") in response.url


def test_anonymous_visitors_are_sent_to_sign_in_from_a_city_page(client, rabat):
    response = client.get(url("city_portal", code=rabat.code))

    assert response.status_code == 302
    assert site_url("account_login") in response.url


# --- Asking to act for a known city ------------------------------------------------------


@pytest.fixture
def newcomer(db):
    return factories.UserFactory(email="newcomer@rabat.example.org")


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer)
    return client


@pytest.fixture
def arabic_rabat(rabat):
    rabat.name_ar = "الرباط"
    rabat.name_fr = "Rabat (capitale)"
    rabat.save(update_fields=["name_ar", "name_fr"])
    return rabat


@pytest.mark.parametrize("query", ["rab", "الرباط", "CAPITALE"])
def test_a_known_city_is_found_by_its_name_in_any_language(newcomer_client, arabic_rabat, query):
    response = newcomer_client.get(url("claim"), {"q": query})

    assert f"?city={arabic_rabat.code}" in response.content.decode()


def test_a_city_that_is_not_listed_is_found_only_by_its_exact_name(newcomer_client, rabat):
    rabat.publicly_listed = False
    rabat.save(update_fields=["publicly_listed"])

    partial = newcomer_client.get(url("claim"), {"q": "Rab"}).content.decode()
    exact = newcomer_client.get(url("claim"), {"q": "rabat"}).content.decode()

    assert str(rabat.code) not in partial
    assert str(rabat.code) in exact


def test_a_request_to_act_for_a_city_is_pending_and_gives_no_access(
    newcomer_client, newcomer, rabat
):
    response = newcomer_client.post(
        url("claim"),
        {"city": rabat.code, "role": "focal_point", "position": "Cohesion officer", "note": ""},
    )

    assert response.url == url("portal")
    claim = ActingClaim.objects.get(user=newcomer)
    assert claim.local_government == rabat
    assert claim.status == ActingClaim.Status.PENDING
    assert newcomer_client.get(url("city_portal", code=rabat.code)).status_code == 404
    portal = newcomer_client.get(url("portal")).content.decode()
    assert "Waiting for confirmation" in portal
    dashboard = newcomer_client.get(site_url("web:dashboard")).content.decode()
    assert "Waiting for confirmation" in dashboard


def test_once_staff_confirm_the_request_the_person_sees_the_city(
    newcomer_client, newcomer, rabat, mu_staff
):
    newcomer_client.post(
        url("claim"), {"city": rabat.code, "role": "staff", "position": "Analyst", "note": "Hi"}
    )
    claim = ActingClaim.objects.get(user=newcomer)

    confirm_acting_claim(claim=claim, actor=mu_staff)

    assert newcomer_client.get(url("city_portal", code=rabat.code)).status_code == 200


def test_a_confirmed_claim_recorded_by_hand_also_gives_access(newcomer_client, newcomer, rabat):
    claim = factories.ActingClaimFactory(user=newcomer, local_government=rabat)
    assert newcomer_client.get(url("city_portal", code=rabat.code)).status_code == 404

    claim.status = ActingClaim.Status.CONFIRMED
    claim.save(update_fields=["status"])
    assert newcomer_client.get(url("city_portal", code=rabat.code)).status_code == 404

    factories.OfficialFactory(
        person=factories.PersonFactory(user=newcomer), local_government=rabat, role="staff"
    )
    assert newcomer_client.get(url("city_portal", code=rabat.code)).status_code == 200


def test_a_second_request_for_the_same_city_is_refused(newcomer_client, newcomer, rabat):
    data = {"city": rabat.code, "role": "focal_point", "position": "Officer"}
    newcomer_client.post(url("claim"), data)

    response = newcomer_client.post(url("claim"), data)

    assert response.status_code == 200
    assert "You have already asked to act for Rabat" in response.content.decode()
    assert ActingClaim.objects.filter(user=newcomer).count() == 1


def test_an_official_cannot_ask_to_act_for_their_own_city(client_as, rabat):
    client = client_as("official_of_rabat")

    response = client.post(url("claim"), {"city": rabat.code, "role": "mayor", "position": "Mayor"})

    assert "You already act for Rabat." in response.content.decode()
    assert not ActingClaim.objects.exists()


@pytest.mark.parametrize("code", ["not-a-uuid", "5066a901-08fb-4962-aa06-8687f6ff44e1"])
def test_a_request_for_an_unknown_city_is_refused_without_error(newcomer_client, db, code):
    response = newcomer_client.post(
        url("claim"), {"city": code, "role": "mayor", "position": "Mayor"}
    )

    assert response.status_code == 200
    assert not ActingClaim.objects.exists()
    assert newcomer_client.get(url("claim"), {"city": code}).status_code == 200


# --- Fields an official can never change -----------------------------------------------

STAFF_ONLY = {
    "status": "member",
    "region": "999",
    "joined_on": "1999-01-01",
    "membership": "1",
    "application_step": "100",
    "code": str(uuid.uuid4()),
    "created_at": "2000-01-01T00:00:00Z",
}


def test_posting_staff_only_fields_to_the_profile_changes_nothing_of_them(client_as, rabat, oslo):
    client = client_as("official_of_rabat")
    membership = Membership.objects.get(local_government=rabat)
    membership.status = Membership.Status.SUSPENDED
    membership.save(update_fields=["status"])
    before = LocalGovernment.objects.values("region", "code", "country", "created_at").get(
        pk=rabat.pk
    )

    response = client.post(
        url("edit_city_profile", code=rabat.code),
        {
            "name_en": "Rabat",
            "kind": "capital",
            "publicly_listed": "True",
            "country": "NO",
            **STAFF_ONLY,
            "region": str(oslo.region_id),
        },
    )

    assert response.status_code == 302
    after = LocalGovernment.objects.values("region", "code", "country", "created_at").get(
        pk=rabat.pk
    )
    assert after == before
    membership.refresh_from_db()
    assert membership.status == Membership.Status.SUSPENDED
    assert membership.joined_on == datetime.date(2020, 1, 1)
    assert LocalGovernment.objects.get(pk=rabat.pk).kind == "capital"


def test_posting_staff_only_fields_to_the_application_changes_nothing_of_them(client, principles):
    user = factories.UserFactory()
    client.force_login(user)
    client.post(
        url("application_start"),
        {
            "name": "Chefchaouen",
            "kind": "city",
            "country": "MA",
            "publicly_listed": "False",
            "role": "mayor",
            **STAFF_ONLY,
        },
    )
    city = LocalGovernment.objects.get(name_en="Chefchaouen")
    assert city.membership.status == Membership.Status.APPLICANT
    assert city.membership.joined_on is None
    assert city.membership.application_step == 1
    assert city.region is None
    assert city.publicly_listed is False

    client.post(
        url("application_details", code=city.code),
        {
            "name": "Chefchaouen",
            "kind": "city",
            "country": "MA",
            "publicly_listed": "False",
            **STAFF_ONLY,
        },
    )

    city.refresh_from_db()
    city.membership.refresh_from_db()
    assert city.membership.status == Membership.Status.APPLICANT
    assert city.membership.joined_on is None
    assert city.region is None


# --- Every page answers in every language -------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar", "fr", "es"])
def test_every_portal_page_of_a_draft_answers_in_every_language(client, principles, lang):
    user = factories.UserFactory()
    client.force_login(user)
    client.post(
        url("application_start"),
        {
            "name": "Chefchaouen",
            "kind": "city",
            "country": "MA",
            "publicly_listed": "True",
            "role": "mayor",
        },
    )
    city = LocalGovernment.objects.get()
    pages = [url("portal", lang), url("application_start", lang), url("claim", lang)]
    pages += [url(name, lang, code=city.code, **extra) for name, extra in CITY_PAGES]

    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code in (200, 404), page
        if response.status_code == 200:
            assert f'lang="{lang}"' in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "ar", "fr", "es"])
def test_every_portal_page_of_a_member_answers_in_every_language(client_as, rabat, lang):
    client = client_as("official_of_rabat")

    for name in ["city_portal", "edit_city_profile", "edit_city_contacts", "invite_colleague"]:
        response = client.get(url(name, lang, code=rabat.code))
        assert response.status_code == 200, name
        assert f'lang="{lang}"' in response.content.decode()
