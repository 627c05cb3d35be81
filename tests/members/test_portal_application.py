"""An official applies for membership in the portal: a guided, saveable, multi-step form
(details, contacts, the principles one by one, the signatory and letter, review, submit)."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from members.models import (
    ActingClaim,
    Commitment,
    CountryRegion,
    GuidingPrinciple,
    LocalGovernment,
    Membership,
    Official,
    PrincipleVersion,
)
from members.services.applications import ApplicationStep, request_more_information
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ARABIC = ["يحترم حقوق جميع الناس", "يتصدى للتمييز والكراهية", "يشرك المجتمع المدني"]


def site_url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def url(name: str, lang: str = "en", **kwargs) -> str:
    return site_url(f"members:{name}", lang, **kwargs)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts sign-ins per IP in the cache; start each test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def principles(db) -> PrincipleVersion:
    """The version in force: three principles, in English and Arabic."""
    version = PrincipleVersion.objects.create(label="2023", effective_on=datetime.date(2023, 1, 1))
    for number, arabic in enumerate(ARABIC, start=1):
        GuidingPrinciple.objects.create(
            version=version, number=number, text_en=f"Principle {number} in English", text_ar=arabic
        )
    return version


@pytest.fixture
def mena(db):
    region = factories.RegionFactory(code="mena", name="Middle East and North Africa")
    CountryRegion.objects.create(country="MA", region=region)
    return region


@pytest.fixture
def applicant(db):
    """A person who signed up and verified their address; acts for no city yet."""
    return factories.UserFactory(email="amina@tetouan.example.org", full_name="Amina Haddad")


@pytest.fixture
def applicant_client(applicant) -> Client:
    client = Client()
    client.force_login(applicant)
    return client


def details(**overrides) -> dict:
    data = {
        "name": "Tétouan",
        "kind": "city",
        "country": "MA",
        "subdivision": "MA-01",
        "latitude": "35.57845",
        "longitude": "-5.36837",
        "population": "380787",
        "website": "https://tetouan.example.org",
        "languages": ["ar", "fr"],
        "profile": "A city of the north.",
        "publicly_listed": "True",
        "role": "focal_point",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


CONTACTS = {
    "mayor_name": "Mustapha Bakkouri",
    "mayor_title": "Mayor",
    "mayor_email": "mayor@tetouan.example.org",
    "focal_point_name": "Amina Haddad",
    "focal_point_title": "Head of social cohesion",
    "focal_point_email": "amina@tetouan.example.org",
}


def signatory(**overrides) -> dict:
    data = {
        "signatory_name": "Mustapha Bakkouri",
        "signatory_title": "Mayor of Tétouan",
        "signatory_role": "mayor",
        "delegation_note": "",
        "signed_on": "2024-03-01",
    }
    data.update(overrides)
    return data


def start(client: Client, **overrides) -> LocalGovernment:
    response = client.post(url("application_start"), details(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return LocalGovernment.objects.get(name_en=overrides.get("name", "Tétouan"))


def agree_to_everything(client: Client, city: LocalGovernment, version: PrincipleVersion):
    client.post(url("application_contacts", code=city.code), CONTACTS)
    for principle in version.principles.order_by("number"):
        client.post(
            url("application_principle", code=city.code, number=principle.number), {"agree": "on"}
        )


def complete_draft(client: Client, city: LocalGovernment, version: PrincipleVersion):
    agree_to_everything(client, city, version)
    letter = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url("application_signatory", code=city.code), {**signatory(), "letter": letter}
    )
    assert response.status_code == 302, response.content.decode()[:3000]


# --- The whole flow ---------------------------------------------------------------------


def test_a_person_applies_from_sign_in_to_submission_and_sees_the_status(
    client, applicant, principles, mena, django_capture_on_commit_callbacks
):
    response = client.post(
        site_url("account_login"), {"login": applicant.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    dashboard = client.get(site_url("web:dashboard")).content.decode()
    assert url("application_start") in dashboard
    assert url("claim") in dashboard

    response = client.post(url("application_start"), details())
    city = LocalGovernment.objects.get(name_en="Tétouan")
    assert response.url == url("application_contacts", code=city.code)
    membership = city.membership
    assert membership.status == Membership.Status.APPLICANT
    assert membership.application_step == ApplicationStep.DETAILS
    assert city.region == mena
    assert city.publicly_listed is True
    assert city.languages == ["ar", "fr"]
    assert Official.objects.filter(
        local_government=city, person__user=applicant, role="focal_point", is_active=True
    ).exists()

    response = client.post(url("application_contacts", code=city.code), CONTACTS)
    first = url("application_principle", code=city.code, number=1)
    assert response.url == first
    assert city.officials.filter(role="mayor", person__full_name="Mustapha Bakkouri").exists()

    for number in (1, 2, 3):
        page = client.get(url("application_principle", code=city.code, number=number))
        assert f"Principle {number} in English" in page.content.decode()
        response = client.post(
            url("application_principle", code=city.code, number=number), {"agree": "on"}
        )
    assert response.url == url("application_signatory", code=city.code)

    letter = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url("application_signatory", code=city.code), {**signatory(), "letter": letter}
    )
    assert response.url == url("application_review", code=city.code)
    commitment = Commitment.objects.get(local_government=city)
    assert commitment.version == principles
    assert commitment.principles.count() == 3
    assert commitment.letter.name.startswith("commitments/")
    assert commitment.submitted_by == applicant

    review = client.get(url("application_review", code=city.code)).content.decode()
    assert "Tétouan" in review
    assert "Mustapha Bakkouri" in review
    assert "All 3 principles of version 2023 are agreed." in review

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("application_submit", code=city.code))
    assert response.url == url("city_portal", code=city.code)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.UNDER_REVIEW
    assert membership.submitted_at is not None

    page = client.get(url("city_portal", code=city.code)).content.decode()
    assert "Under review" in page
    assert "The Management Unit is reviewing it." in page
    assert url("application_restart", code=city.code) not in page


def test_the_status_labels_of_the_history_are_translated(applicant_client, principles, mena):
    city = start(applicant_client)
    complete_draft(applicant_client, city, principles)
    applicant_client.post(url("application_submit", code=city.code))

    page = applicant_client.get(url("city_portal", "fr", code=city.code)).content.decode()

    with translation.override("fr"):
        label = str(Membership.Status.UNDER_REVIEW.label)
    assert label != "Under review"
    assert escape(label) in page


def test_the_draft_continues_where_the_official_left_it(applicant_client, principles, mena):
    city = start(applicant_client)
    applicant_client.post(url("application_contacts", code=city.code), CONTACTS)
    applicant_client.post(url("application_principle", code=city.code, number=1), {"agree": "on"})

    response = applicant_client.get(url("application", code=city.code))

    assert response.url == url("application_principle", code=city.code, number=2)
    city.membership.refresh_from_db()
    assert city.membership.application_step == ApplicationStep.PRINCIPLES + 1


# --- Refused steps keep the draft ------------------------------------------------------


def test_a_letter_that_is_not_a_pdf_is_refused_and_the_draft_is_kept(
    applicant_client, principles, mena
):
    city = start(applicant_client)
    agree_to_everything(applicant_client, city, principles)
    fake = SimpleUploadedFile(
        "letter.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )

    response = applicant_client.post(
        url("application_signatory", code=city.code), {**signatory(), "letter": fake}
    )

    assert response.status_code == 200
    assert "The file is not a PDF document." in response.content.decode()
    assert not Commitment.objects.filter(local_government=city).exists()
    city.membership.refresh_from_db()
    assert city.membership.application_step == ApplicationStep.PRINCIPLES + 3
    assert city.officials.filter(role="mayor").exists()
    assert LocalGovernment.objects.get(pk=city.pk).subdivision == "MA-01"


def test_the_letter_error_is_translated(applicant_client, principles, mena):
    city = start(applicant_client)
    agree_to_everything(applicant_client, city, principles)
    fake = SimpleUploadedFile("letter.pdf", b"GIF89a", content_type="application/pdf")

    response = applicant_client.post(
        url("application_signatory", "fr", code=city.code), {**signatory(), "letter": fake}
    )

    # The message is the catalogue's (French once the catalogues are updated).
    with translation.override("fr"):
        message = translation.gettext("The file is not a PDF document.")
    assert 'lang="fr"' in response.content.decode()
    assert escape(message) in response.content.decode()


def test_a_letter_over_five_megabytes_is_refused(applicant_client, principles, mena):
    city = start(applicant_client)
    agree_to_everything(applicant_client, city, principles)
    big = SimpleUploadedFile("letter.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")

    response = applicant_client.post(
        url("application_signatory", code=city.code), {**signatory(), "letter": big}
    )

    assert "The file is too large: at most 5 MB." in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_delegate_must_explain_the_delegation(applicant_client, principles, mena):
    city = start(applicant_client)
    agree_to_everything(applicant_client, city, principles)

    response = applicant_client.post(
        url("application_signatory", code=city.code), signatory(signatory_role="delegate")
    )

    assert "Explain the delegation when a delegate signs." in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_signature_date_in_the_future_is_refused(applicant_client, principles, mena):
    city = start(applicant_client)
    agree_to_everything(applicant_client, city, principles)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)

    response = applicant_client.post(
        url("application_signatory", code=city.code), signatory(signed_on=tomorrow.isoformat())
    )

    assert "The signature date cannot be in the future." in response.content.decode()


# --- The principles, one by one ----------------------------------------------------------


def test_each_principle_needs_its_own_explicit_agreement(applicant_client, principles, mena):
    city = start(applicant_client)
    applicant_client.post(url("application_contacts", code=city.code), CONTACTS)

    response = applicant_client.post(url("application_principle", code=city.code, number=1), {})

    assert response.status_code == 200
    assert "Tick “I agree” to continue" in response.content.decode()
    city.membership.refresh_from_db()
    assert city.membership.application_step == ApplicationStep.CONTACTS


def test_a_principle_cannot_be_skipped(applicant_client, principles, mena):
    city = start(applicant_client)
    applicant_client.post(url("application_contacts", code=city.code), CONTACTS)

    response = applicant_client.post(
        url("application_principle", code=city.code, number=3), {"agree": "on"}
    )

    assert response.url == url("application_principle", code=city.code, number=1)
    city.membership.refresh_from_db()
    assert city.membership.application_step == ApplicationStep.CONTACTS


def test_the_signatory_step_waits_for_every_principle(applicant_client, principles, mena):
    city = start(applicant_client)
    applicant_client.post(url("application_contacts", code=city.code), CONTACTS)

    response = applicant_client.post(url("application_signatory", code=city.code), signatory())

    assert response.url == url("application_principle", code=city.code, number=1)
    assert not Commitment.objects.exists()


def test_the_principles_are_shown_in_the_language_of_the_address(
    applicant_client, principles, mena
):
    city = start(applicant_client)
    applicant_client.post(url("application_contacts", code=city.code), CONTACTS)

    arabic = applicant_client.get(url("application_principle", "ar", code=city.code, number=1))
    english = applicant_client.get(url("application_principle", "en", code=city.code, number=1))

    assert ARABIC[0] in arabic.content.decode()
    assert 'dir="rtl"' in arabic.content.decode()
    assert "Principle 1 in English" not in arabic.content.decode()
    assert "Principle 1 in English" in english.content.decode()


# --- Eligibility and open applications -------------------------------------------------


def test_a_city_in_a_disputed_territory_is_shown_ineligible_with_the_territory_named(
    applicant_client, principles, mena
):
    factories.DisputedTerritoryFactory(
        name="Example territory (test data)", countries=["MA"], subdivision_codes=["MA-01"]
    )
    city = start(applicant_client)
    complete_draft(applicant_client, city, principles)

    applicant_client.post(url("application_submit", code=city.code))

    city.membership.refresh_from_db()
    assert city.membership.status == Membership.Status.INELIGIBLE
    page = applicant_client.get(url("city_portal", code=city.code)).content.decode()
    assert "Ineligible" in page
    assert "Located in Example territory (test data)" in page
    assert "The local government is not eligible for membership." in page


def test_a_second_application_for_a_city_with_one_open_is_refused(
    applicant_client, principles, mena
):
    city = start(applicant_client)
    complete_draft(applicant_client, city, principles)
    applicant_client.post(url("application_submit", code=city.code))

    response = applicant_client.post(url("application_restart", code=city.code), follow=True)

    assert response.status_code == 200
    assert "Tétouan already has an open application." in response.content.decode()
    assert Membership.objects.get(local_government=city).status == Membership.Status.UNDER_REVIEW
    assert city.membership.transitions.count() == 2


def test_a_rejected_city_applies_again_with_its_details_kept(
    applicant_client, principles, mena, mu_staff
):
    from members.services.applications import reject_membership

    city = start(applicant_client)
    complete_draft(applicant_client, city, principles)
    applicant_client.post(url("application_submit", code=city.code))
    reject_membership(membership=city.membership, actor=mu_staff, reason="Not a local authority.")
    page = applicant_client.get(url("city_portal", code=city.code)).content.decode()
    assert "Not a local authority." in page
    assert url("application_restart", code=city.code) in page

    response = applicant_client.post(url("application_restart", code=city.code))

    assert response.url == url("application_details", code=city.code)
    city.membership.refresh_from_db()
    assert city.membership.status == Membership.Status.APPLICANT
    assert city.membership.application_step == ApplicationStep.STARTED
    assert "Tétouan" in applicant_client.get(response.url).content.decode()


def test_the_service_refuses_a_second_open_application_with_a_clear_message(
    applicant_client, principles, mena, applicant
):
    from members.errors import MembershipError
    from members.services.applications import start_application

    city = start(applicant_client)

    with pytest.raises(MembershipError) as refused:
        start_application(local_government=city, actor=applicant)

    assert refused.value.messages == ["Tétouan already has an open application."]


def test_a_city_already_known_is_refused_and_the_official_is_offered_to_act_for_it(
    applicant_client, principles, mena
):
    known = factories.LocalGovernmentFactory(name="Tétouan", country="MA", subdivision="MA-01")

    response = applicant_client.post(url("application_start"), details(name="TÉTOUAN".lower()))

    assert response.status_code == 200
    content = response.content.decode()
    assert "is already known in this country and subdivision" in content
    assert f"{url('claim')}?city={known.code}" in content
    assert LocalGovernment.objects.count() == 1


def test_the_same_name_in_another_subdivision_is_another_city(applicant_client, principles, mena):
    factories.LocalGovernmentFactory(name="Tétouan", country="MA", subdivision="MA-04")

    response = applicant_client.post(url("application_start"), details())

    assert response.status_code == 302
    assert LocalGovernment.objects.filter(name_en="Tétouan").count() == 2


def test_staff_asking_for_more_information_lets_the_official_edit_and_resubmit(
    applicant_client, principles, mena, mu_staff
):
    city = start(applicant_client)
    complete_draft(applicant_client, city, principles)
    applicant_client.post(url("application_submit", code=city.code))
    request_more_information(
        membership=city.membership, actor=mu_staff, reason="Please give the population figure."
    )

    page = applicant_client.get(url("city_portal", code=city.code)).content.decode()
    assert "Please give the population figure." in page
    assert url("application_review", code=city.code) in page

    applicant_client.post(
        url("application_details", code=city.code), details(population="400000", role=None)
    )
    assert LocalGovernment.objects.get(pk=city.pk).population == 400000
    applicant_client.post(url("application_submit", code=city.code))

    city.membership.refresh_from_db()
    assert city.membership.status == Membership.Status.UNDER_REVIEW
    statuses = list(city.membership.transitions.values_list("to_status", flat=True))
    assert statuses == ["under_review", "applicant", "under_review", "applicant"]


def test_a_submitted_application_can_no_longer_be_changed(applicant_client, principles, mena):
    city = start(applicant_client)
    complete_draft(applicant_client, city, principles)
    applicant_client.post(url("application_submit", code=city.code))

    response = applicant_client.post(
        url("application_details", code=city.code), details(name="Somewhere else", role=None)
    )

    assert response.url == url("city_portal", code=city.code)
    assert LocalGovernment.objects.get(pk=city.pk).name_en == "Tétouan"


# --- Bad input on the details ------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subdivision": "MA-99"}, "subdivision", "“MA-99” is not a subdivision the portal knows"),
        ({"subdivision": "NO-03"}, "subdivision", "Oslo is not a subdivision of Morocco"),
        ({"latitude": "95"}, "latitude", "Ensure this value is less than or equal to 90"),
        ({"longitude": "-181"}, "longitude", "Ensure this value is greater than or equal to -180"),
        ({"longitude": ""}, "longitude", "Give both latitude and longitude, or neither."),
        ({"latitude": ""}, "latitude", "Give both latitude and longitude, or neither."),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"publicly_listed": None}, "publicly_listed", "This field is required."),
        ({"website": "not a url"}, "website", "Enter a valid URL."),
        ({"languages": ["xx"]}, "languages", "Select a valid choice."),
    ],
)
def test_bad_details_are_refused_with_a_clear_message_and_nothing_is_created(
    applicant_client, principles, mena, overrides, field, message
):
    response = applicant_client.post(url("application_start"), details(**overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    content = response.content.decode()
    assert content.count("Give both latitude and longitude") <= 1
    assert not LocalGovernment.objects.exists()


def test_coordinates_are_kept_to_five_decimals(applicant_client, principles, mena):
    city = start(applicant_client, latitude="35.578451234", longitude="-5.3683749")

    assert str(city.latitude) == "35.57845"
    assert str(city.longitude) == "-5.36837"


def test_no_coordinates_and_no_subdivision_are_fine(applicant_client, principles, mena):
    city = start(applicant_client, latitude="", longitude="", subdivision="")

    assert city.latitude is None and city.subdivision == ""


def test_a_name_typed_on_the_arabic_page_is_also_the_default_name(
    applicant_client, principles, mena
):
    response = applicant_client.post(url("application_start", "ar"), details(name="تطوان"))
    city = LocalGovernment.objects.get()

    assert response.status_code == 302
    assert city.name_ar == "تطوان"
    assert city.name_en == "تطوان"


def test_an_unverified_person_cannot_start_an_application(client, principles, mena):
    user = factories.UserFactory(verified=False)
    client.force_login(user)

    response = client.post(url("application_start"), details())

    assert response.status_code == 200
    assert not LocalGovernment.objects.exists()
    assert not ActingClaim.objects.exists()


# --- Sent twice -------------------------------------------------------------------------


def test_posting_the_signatory_step_again_keeps_one_commitment_and_one_letter(
    applicant_client, principles, mena, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    city = start(applicant_client)
    agree_to_everything(applicant_client, city, principles)
    for signer in ("First Signer", "Second Signer"):
        letter = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
        with django_capture_on_commit_callbacks(execute=True):
            response = applicant_client.post(
                url("application_signatory", code=city.code),
                {**signatory(signatory_name=signer), "letter": letter},
            )
        assert response.status_code == 302

    commitments = Commitment.objects.filter(local_government=city)
    assert [c.signatory_name for c in commitments] == ["Second Signer"]
    letters = [p for p in Path(settings.MEDIA_ROOT).rglob("*.pdf")]
    assert letters == [Path(settings.MEDIA_ROOT) / commitments[0].letter.name]


def test_a_member_cannot_commit_twice_to_the_same_version(rabat, official_of_rabat, principles):
    from members.errors import MembershipError
    from members.services.commitments import record_commitment

    kwargs = {
        "local_government": rabat,
        "version": principles,
        "agreed": list(principles.principles.all()),
        "signatory_name": "Mayor",
        "signatory_title": "Mayor",
        "signatory_role": "mayor",
        "signed_on": datetime.date(2024, 1, 1),
        "actor": official_of_rabat,
    }
    record_commitment(**kwargs)

    with pytest.raises(MembershipError, match="already committed"):
        record_commitment(**kwargs)
    assert Commitment.objects.filter(local_government=rabat).count() == 1


def test_the_database_holds_one_commitment_per_city_and_version(rabat, principles):
    from django.db import IntegrityError, transaction

    Commitment.objects.create(
        local_government=rabat,
        version=principles,
        signatory_name="A",
        signatory_title="A",
        signatory_role="mayor",
        signed_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(
            local_government=rabat,
            version=principles,
            signatory_name="B",
            signatory_title="B",
            signatory_role="mayor",
            signed_on=datetime.date(2024, 1, 1),
        )


def test_the_first_step_sent_twice_answers_with_the_form_and_a_message(
    applicant_client, principles, mena, monkeypatch
):
    """Another request records the city between this one's checks and its insert: the
    checks (the form's and the model's) saw no such city, the insert meets it."""
    first = start(applicant_client)
    monkeypatch.setattr("members.forms.cities.same_city", lambda **kwargs: None)
    monkeypatch.setattr(LocalGovernment, "validate_constraints", lambda self, *a, **k: None)

    response = applicant_client.post(url("application_start"), details())

    assert response.status_code == 200
    assert "already saved (the form was sent twice)" in response.content.decode()
    assert LocalGovernment.objects.filter(name_en="Tétouan").count() == 1
    assert Membership.objects.filter(local_government=first).count() == 1


@pytest.mark.django_db(transaction=True)
def test_four_quick_posts_of_the_first_step_give_one_draft_and_no_server_error(
    applicant, principles, mena
):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    barrier = threading.Barrier(4)
    statuses = []

    def post():
        client = Client(raise_request_exception=False)
        client.force_login(applicant)
        barrier.wait(timeout=10)
        try:
            statuses.append(client.post(url("application_start"), details()).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert 500 not in statuses and len(statuses) == 4
    assert statuses.count(302) >= 1
    assert LocalGovernment.objects.filter(name_en="Tétouan").count() == 1
