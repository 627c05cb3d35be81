"""A member city's page in the portal: its benefits, recommitment, profile in four
languages, contacts, colleagues to invite and history — at a fixed number of queries."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from members.models import (
    ActingClaim,
    Commitment,
    GuidingPrinciple,
    LocalGovernment,
    LocationChange,
    Membership,
    MembershipTransition,
    Official,
    PrincipleVersion,
    TerritoryMatch,
)
from members.services import locations
from tests import factories


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"members:{name}", kwargs=kwargs or None)


@pytest.fixture
def old_version(db) -> PrincipleVersion:
    version = PrincipleVersion.objects.create(label="2019", effective_on=datetime.date(2019, 1, 1))
    for number in (1, 2):
        GuidingPrinciple.objects.create(version=version, number=number, text_en=f"Old {number}")
    return version


@pytest.fixture
def new_version(old_version) -> PrincipleVersion:
    """In force since last month, with the usual grace period for older commitments."""
    version = PrincipleVersion.objects.create(
        label="2025", effective_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    for number in (1, 2):
        GuidingPrinciple.objects.create(
            version=version, number=number, text_en=f"New {number}", text_fr=f"Nouveau {number}"
        )
    return version


@pytest.fixture
def rabat_client(client_as):
    return client_as("official_of_rabat")


# --- Benefits and recommitment -----------------------------------------------------------


def test_a_member_in_good_standing_sees_every_benefit(rabat_client, rabat, old_version):
    factories.CommitmentFactory(local_government=rabat, version=old_version)

    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()

    assert "Today the city may hold every member benefit" in page
    assert "Invitations to the Global Summits" in page
    assert "Applying to the Technical Support Fund" in page
    assert "Targeted capacity-building support" in page
    assert url("recommit", code=rabat.code) not in page


def test_a_member_without_a_current_commitment_is_told_why_and_asked_to_recommit(
    rabat_client, rabat, old_version, new_version
):
    factories.CommitmentFactory(local_government=rabat, version=old_version)
    grace = new_version.effective_on - datetime.timedelta(days=new_version.grace_period_days + 1)
    new_version.effective_on = grace
    new_version.save(update_fields=["effective_on"])

    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()

    assert "Today the city cannot hold member benefits" in page
    assert escape("It has not committed to the current guiding principles.") in page
    assert "Version 2025 of the guiding principles is in force" in page
    assert url("recommit", code=rabat.code) in page


def test_a_member_recommits_to_the_new_version_one_principle_at_a_time(
    rabat_client, rabat, old_version, new_version, official_of_rabat
):
    factories.CommitmentFactory(local_government=rabat, version=old_version)

    response = rabat_client.get(url("recommit", code=rabat.code))
    assert response.url == url("recommit_principle", code=rabat.code, number=1)
    french = rabat_client.get(url("recommit_principle", "fr", code=rabat.code, number=1))
    assert "Nouveau 1" in french.content.decode()
    rabat_client.post(url("recommit_principle", code=rabat.code, number=1), {"agree": "on"})
    skipped = rabat_client.get(url("recommit_signatory", code=rabat.code))
    assert skipped.url == url("recommit_principle", code=rabat.code, number=2)
    rabat_client.post(url("recommit_principle", code=rabat.code, number=2), {"agree": "on"})
    response = rabat_client.post(
        url("recommit_signatory", code=rabat.code),
        {
            "signatory_name": "Fathallah Oualalou",
            "signatory_title": "Deputy mayor",
            "signatory_role": "delegate",
            "delegation_note": "Delegated by the mayor's decision of 2 January.",
            "signed_on": timezone.localdate().isoformat(),
        },
    )

    assert response.url == url("city_portal", code=rabat.code)
    commitment = Commitment.objects.get(local_government=rabat, version=new_version)
    assert commitment.principles.count() == 2
    assert commitment.submitted_by == official_of_rabat
    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()
    assert url("recommit", code=rabat.code) not in page
    assert Membership.objects.get(local_government=rabat).status == Membership.Status.MEMBER


def test_only_members_recommit(client_as, rabat, new_version):
    Membership.objects.filter(local_government=rabat).update(status="applicant")

    response = client_as("official_of_rabat").get(url("recommit", code=rabat.code))

    assert response.status_code == 404


# --- Profile, location and contacts -------------------------------------------------------


def profile(**overrides) -> dict:
    data = {
        "name_en": "Rabat",
        "name_ar": "الرباط",
        "name_fr": "Rabat",
        "name_es": "Rabat",
        "profile_en": "Capital of Morocco.",
        "profile_ar": "عاصمة المغرب.",
        "profile_fr": "Capitale du Maroc.",
        "profile_es": "",
        "kind": "capital",
        "subdivision": "MA-04",
        "latitude": "34.02088",
        "longitude": "-6.84165",
        "population": "577827",
        "website": "https://rabat.example.org",
        "languages": ["ar", "fr"],
        "publicly_listed": "True",
    }
    data.update(overrides)
    return data


def test_the_profile_is_kept_in_each_of_the_four_languages(rabat_client, rabat):
    response = rabat_client.post(url("edit_city_profile", code=rabat.code), profile())

    assert response.url == url("city_portal", code=rabat.code)
    rabat.refresh_from_db()
    assert (rabat.name_ar, rabat.profile_fr) == ("الرباط", "Capitale du Maroc.")
    assert rabat.population == 577827
    arabic = rabat_client.get(url("city_portal", "ar", code=rabat.code)).content.decode()
    assert "عاصمة المغرب." in arabic
    form = rabat_client.get(url("edit_city_profile", code=rabat.code)).content.decode()
    assert 'lang="ar" dir="rtl"' in form


def test_the_default_language_name_is_required(rabat_client, rabat):
    response = rabat_client.post(url("edit_city_profile", code=rabat.code), profile(name_en=""))

    assert response.status_code == 200
    assert "name_en" in response.context["form"].errors
    assert LocalGovernment.objects.get(pk=rabat.pk).name_en == "Rabat"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"subdivision": "NO-03"}, "subdivision"),
        ({"subdivision": "ZZ-1"}, "subdivision"),
        ({"latitude": "-91"}, "latitude"),
        ({"longitude": ""}, "longitude"),
    ],
)
def test_a_bad_location_on_the_profile_is_refused(rabat_client, rabat, overrides, field):
    response = rabat_client.post(url("edit_city_profile", code=rabat.code), profile(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert LocalGovernment.objects.get(pk=rabat.pk).subdivision == ""


def test_moving_a_member_into_a_disputed_territory_is_checked_once_staff_accept_it(
    rabat_client, rabat, mu_staff, django_capture_on_commit_callbacks
):
    territory = factories.DisputedTerritoryFactory(
        name="Example territory (test data)", subdivision_codes=["MA-04"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        rabat_client.post(url("edit_city_profile", code=rabat.code), profile())
    assert LocalGovernment.objects.get(pk=rabat.pk).subdivision == ""
    locations.accept_location_change(
        change=LocationChange.objects.pending().get(local_government=rabat), actor=mu_staff
    )

    assert TerritoryMatch.objects.filter(local_government=rabat, territory=territory).exists()
    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()
    assert "Located in Example territory (test data)" in page


def test_moving_an_application_under_review_into_a_disputed_territory_makes_it_ineligible(
    rabat_client, rabat, mu_staff
):
    factories.DisputedTerritoryFactory(name="Example territory", subdivision_codes=["MA-04"])
    Membership.objects.filter(local_government=rabat).update(status="under_review")

    rabat_client.post(url("edit_city_profile", code=rabat.code), profile())
    assert Membership.objects.get(local_government=rabat).status == Membership.Status.UNDER_REVIEW
    locations.accept_location_change(
        change=LocationChange.objects.pending().get(local_government=rabat), actor=mu_staff
    )

    assert Membership.objects.get(local_government=rabat).status == Membership.Status.INELIGIBLE


def test_the_contacts_are_kept_up_to_date(rabat_client, rabat, official_of_rabat):
    old_mayor = factories.OfficialFactory(local_government=rabat, role=Official.Role.MAYOR)
    data = {
        "mayor_name": "Fatiha El Moudni",
        "mayor_title": "Mayor",
        "mayor_email": "mayor@rabat.example.org",
        "focal_point_name": official_of_rabat.full_name,
        "focal_point_title": "Head of cohesion",
        "focal_point_email": official_of_rabat.email,
    }

    response = rabat_client.post(url("edit_city_contacts", code=rabat.code), data)

    assert response.url == url("city_portal", code=rabat.code)
    mayors = Official.objects.filter(local_government=rabat, role="mayor", is_active=True)
    assert [m.person.full_name for m in mayors] == ["Fatiha El Moudni"]
    old_mayor.refresh_from_db()
    assert old_mayor.is_active is False
    official_of_rabat.person.refresh_from_db()
    assert official_of_rabat.person.title == "Head of cohesion"
    assert rabat_client.get(url("city_portal", code=rabat.code)).status_code == 200


# --- Colleagues -----------------------------------------------------------------------------


def test_an_official_invites_a_colleague_who_still_needs_staff_confirmation(
    rabat_client, rabat, django_capture_on_commit_callbacks
):
    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()
    assert "confirms their request before they can see the city" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = rabat_client.post(
            url("invite_colleague", code=rabat.code),
            {"email": "colleague@rabat.example.org", "language": "fr", "message": "Bienvenue"},
        )

    assert response.url == url("city_portal", code=rabat.code)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["colleague@rabat.example.org"]
    assert f"{url('claim', 'fr')}?city={rabat.code}" in sent.body
    assert "Bienvenue" in sent.body
    assert sent.alternatives and 'lang="fr"' in sent.alternatives[0][0]
    assert not ActingClaim.objects.exists()
    assert Official.objects.filter(local_government=rabat).count() == 1


def test_the_invitation_link_prefills_the_request(client, rabat):
    colleague = factories.UserFactory(email="colleague@rabat.example.org")
    client.force_login(colleague)

    response = client.get(url("claim"), {"city": rabat.code})

    content = response.content.decode()
    assert "Act for Rabat" in content
    assert f'value="{rabat.code}"' in content


def test_an_invitation_needs_a_valid_address(rabat_client, rabat):
    response = rabat_client.post(
        url("invite_colleague", code=rabat.code), {"email": "not an address", "language": "en"}
    )

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not mail.outbox


# --- History --------------------------------------------------------------------------------


def test_the_history_shows_each_decision_newest_first_with_its_reason(
    rabat_client, rabat, mu_staff
):
    membership = Membership.objects.get(local_government=rabat)
    for from_status, to_status, reason in [
        ("prospect", "applicant", ""),
        ("applicant", "under_review", ""),
        ("under_review", "member", "Welcome to the network."),
        ("member", "suspended", "Two years without any activity."),
        ("suspended", "member", "Activities resumed."),
    ]:
        MembershipTransition.objects.create(
            membership=membership,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            actor=mu_staff,
        )

    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()

    assert page.index("Activities resumed.") < page.index("Two years without any activity.")
    assert page.index("Two years without any activity.") < page.index("Welcome to the network.")


# --- Cost of the pages ------------------------------------------------------------------------


def grow(city: LocalGovernment, *, transitions: int, officials: int, commitments: int, actor):
    membership = Membership.objects.get(local_government=city)
    for n in range(transitions):
        MembershipTransition.objects.create(
            membership=membership,
            from_status="member",
            to_status="suspended",
            reason=f"Reason {n}",
            actor=actor,
        )
    for _ in range(officials):
        factories.OfficialFactory(local_government=city, role=Official.Role.STAFF)
    # One commitment per version (a constraint): to the current one, then to older ones.
    current = PrincipleVersion.objects.current()
    start = PrincipleVersion.objects.count()
    for n in range(commitments):
        if not Commitment.objects.filter(local_government=city, version=current).exists():
            factories.CommitmentFactory(local_government=city, version=current)
            continue
        version = PrincipleVersion.objects.create(
            label=f"Older {start + n}",
            effective_on=current.effective_on - datetime.timedelta(days=30 * (start + n + 1)),
        )
        factories.CommitmentFactory(local_government=city, version=version)


# Measured: 14 queries for a member's page (session, user, the city with the access rule's
# answer, history, commitments, current version, officials, certificates, the location change, the
# eligibility's previous version and territories (it is handed the membership, the version
# and the commitments the page has read), the roles, the SAVEPOINT/RELEASE pair of
# ATOMIC_REQUESTS); 9 for the list (session, user, cities, requests, role checks,
# savepoints).
CITY_PAGE_QUERIES = 14
PORTAL_HOME_QUERIES = 9


def test_the_city_page_costs_the_same_with_a_long_history(
    rabat_client, rabat, old_version, mu_staff, django_assert_max_num_queries
):
    grow(rabat, transitions=2, officials=1, commitments=1, actor=mu_staff)
    with django_assert_max_num_queries(CITY_PAGE_QUERIES) as small:
        rabat_client.get(url("city_portal", code=rabat.code))

    grow(rabat, transitions=30, officials=15, commitments=5, actor=mu_staff)
    with django_assert_max_num_queries(CITY_PAGE_QUERIES) as large:
        response = rabat_client.get(url("city_portal", code=rabat.code))

    assert len(large.captured_queries) == len(small.captured_queries)
    assert "Reason 29" in response.content.decode()


def test_the_list_of_cities_and_applications_costs_the_same_with_more_of_them(
    client_as,
    rabat,
    oslo,
    the_hague,
    official_of_rabat,
    mu_staff,
    django_assert_max_num_queries,
):
    client = client_as("official_of_rabat")
    with django_assert_max_num_queries(PORTAL_HOME_QUERIES) as small:
        client.get(url("portal"))

    for city in (oslo, the_hague):
        factories.OfficialFactory(person=official_of_rabat.person, local_government=city)
        grow(city, transitions=10, officials=5, commitments=0, actor=mu_staff)
    for _ in range(4):
        factories.ActingClaimFactory(user=official_of_rabat)
    with django_assert_max_num_queries(PORTAL_HOME_QUERIES) as large:
        response = client.get(url("portal"))

    assert len(large.captured_queries) == len(small.captured_queries)
    assert all(name in response.content.decode() for name in ("Rabat", "Oslo", "The Hague"))


def test_the_city_opts_into_strategic_priorities_on_its_profile(rabat_client, rabat):
    from members.models import StrategicPriority

    youth = StrategicPriority.objects.create(number=4, code="youth", title="City–youth engagement")
    exchange = StrategicPriority.objects.create(number=1, code="exchange", title="Exchange")
    response = rabat_client.post(
        url("edit_city_profile", code=rabat.code), profile(priorities=[youth.pk])
    )
    assert response.status_code == 302
    assert list(rabat.priorities.all()) == [youth]
    rabat_client.post(url("edit_city_profile", code=rabat.code), profile(priorities=[exchange.pk]))
    assert list(rabat.priorities.all()) == [exchange]
    form = rabat_client.get(url("edit_city_profile", code=rabat.code)).content.decode()
    assert "City–youth engagement" in form


def test_a_member_city_page_offers_the_certificate_and_it_is_produced(
    rabat_client, rabat, django_capture_on_commit_callbacks
):
    from members.models import Certificate
    from scn_portal.reports.models import ReportRequest

    factories.make_certificate_settings()
    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()
    certificate_url = reverse("members:certificate", kwargs={"code": rabat.code})
    assert f'action="{certificate_url}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = rabat_client.post(certificate_url)
    report = ReportRequest.objects.get(kind="membership_certificate")
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.DONE, report.error
    # The city's page now lists the certificate with the link to its verification page.
    certificate = Certificate.objects.get(local_government=rabat)
    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()
    assert certificate.number in page
    assert f'href="{certificate.get_absolute_url()}"' in page


def test_the_city_page_names_its_languages_of_work(rabat_client, rabat):
    rabat.languages = ["ar", "fr"]
    rabat.save()
    page = rabat_client.get(url("city_portal", code=rabat.code)).content.decode()
    assert "Arabic, French" in page
    arabic = rabat_client.get(url("city_portal", "ar", code=rabat.code)).content.decode()
    with translation.override("ar"):
        assert str(translation.get_language_info("fr")["name_translated"]) in arabic
