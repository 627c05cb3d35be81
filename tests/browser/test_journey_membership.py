"""Journeys 1 and 2 of issue 6, in a real browser, using only what a person sees.

1. A city official signs up, verifies the address from the email, applies for membership
   step by step (agreeing to each principle, uploading the signed letter), submits, and
   sees the status — in English, Arabic and French.
2. A Management Unit staff member signs in with a second factor, finds the application
   in the admin, reads the eligibility result and approves it; the official then sees the
   member dashboard and downloads the certificate — in English and Arabic.

Every label, button and heading is looked up through the catalogue (``tr``) in the
page's language, so the journeys read the same in every language.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import ngettext
from django_countries import countries
from playwright.sync_api import expect

from members import names
from members.admin.memberships import MembershipAdmin
from members.forms.cities import LISTED_CHOICES, NewCityForm
from members.forms.commitments import PrincipleAgreementForm, SignatoryForm
from members.forms.people import ContactsForm
from members.models import Commitment, LocalGovernment, Membership, Official
from members.reports import CERTIFICATE
from scn_portal.reports import registry
from tests import factories
from tests.browser.conftest import (
    activate_totp,
    admin_message,
    application_row,
    browser_errors,
    choice,
    exactly,
    expect_heading,
    expect_status_message,
    form_field,
    form_label,
    in_language,
    label_text,
    localized_date,
    open_applications_queue,
    run_admin_action,
    sign_in,
    small_pdf,
    tr,
    url_of,
)

pytestmark = pytest.mark.browser

PASSWORD = "Chefchaouen-blue-2026!"
CITY = {
    "name": "Chefchaouen",
    "subdivision": "MA-01",
    "latitude": "35.17100",
    "longitude": "-5.26970",
    "population": "42786",
    "website": "https://chefchaouen.example.org",
    "profile": "A city of the Rif mountains, known for its blue streets.",
    "languages": ["ar", "fr"],
}
MAYOR = {
    "name": "Mohamed Sefiani",
    "title": "President of the commune",
    "email": "mayor@chefchaouen.example.org",
}
FOCAL_POINT = {"name": "Salma Idrissi", "title": "Head of social cohesion"}
CERTIFICATE_KIND = registry.get(CERTIFICATE)


def field(scope, language: str, label):
    """The field labelled with the catalogue's ``label`` (allauth's forms)."""
    return scope.get_by_label(label_text(language, tr(language, label)))


def expect_current_step(page, language: str, step: str):
    steps = page.get_by_role("navigation", name=tr(language, "Steps of the application"))
    expect(steps.locator("[aria-current=step]")).to_contain_text(tr(language, step))


# --- Journey 1 -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_a_city_official_signs_up_applies_and_sees_the_status(
    page, live_server, principles, mena, tmp_path, settings, console_errors, language
):
    # The live server runs in this process: its mail lands in this test's outbox.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email = f"salma.{language}@chefchaouen.example.org"
    letter = small_pdf(tmp_path / "signed-letter.pdf")

    # Sign up from the start page.
    page.goto(url_of(live_server, "web:home", language))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role(
        "link", name=tr(language, "Create an account to apply for membership"), exact=True
    ).click()
    field(page, language, "Full name").fill(FOCAL_POINT["name"])
    field(page, language, "Email").fill(email)
    field(page, language, "Password").fill(PASSWORD)
    field(page, language, "Password (again)").fill(PASSWORD)
    page.get_by_role("button", name=tr(language, "Sign Up"), exact=True).click()
    expect_heading(page, tr(language, "Verify Your Email Address"))

    # The verification email: follow its link, confirm, and be signed in.
    sent = [m for m in mail.outbox if email in m.to]
    assert len(sent) == 1, [(m.to, m.subject) for m in mail.outbox]
    link = re.search(r"https?://\S+/confirm-email/\S+", sent[0].body)
    assert link, sent[0].body
    assert link.group(0).startswith(live_server.url), link.group(0)
    page.goto(link.group(0))
    expect_heading(page, tr(language, "Confirm Email Address"))
    page.get_by_role("button", name=tr(language, "Confirm"), exact=True).click()
    expect_heading(page, tr(language, "My dashboard"))
    # Greeted by the name given at sign-up.
    expect(page.get_by_role("main")).to_contain_text(
        tr(language, "Welcome, %(name)s.", name=FOCAL_POINT["name"])
    )

    # Step 1: the local government.
    page.get_by_role(
        "link", name=tr(language, "Apply for a new local government"), exact=True
    ).click()
    expect_heading(page, tr(language, "Apply for membership"))
    expect_current_step(page, language, "The local government")
    form_field(page, language, NewCityForm, "name").fill(CITY["name"])
    form_field(page, language, NewCityForm, "kind").select_option(
        label=choice(language, LocalGovernment.Kind.CITY.label)
    )
    form_field(page, language, NewCityForm, "country").select_option(
        label=in_language(language, lambda: countries.name("MA"))
    )
    # The subdivision by its name, among Morocco's only once Morocco is chosen.
    subdivision = form_field(page, language, NewCityForm, "subdivision")
    expect(subdivision.locator("option[value^='NO-']")).to_have_count(0)
    subdivision.select_option(
        label=in_language(language, lambda: names.subdivision_name(CITY["subdivision"]))
    )
    form_field(page, language, NewCityForm, "latitude").fill(CITY["latitude"])
    form_field(page, language, NewCityForm, "longitude").fill(CITY["longitude"])
    form_field(page, language, NewCityForm, "population").fill(CITY["population"])
    form_field(page, language, NewCityForm, "website").fill(CITY["website"])
    # The languages of work: found by typing part of their name, then ticked.
    for code in CITY["languages"]:
        label = in_language(language, lambda c=code: dict(names.languages_of_work())[c])
        page.get_by_role("searchbox", name=tr(language, "Find a language")).fill(label[:4])
        page.get_by_role("checkbox", name=label, exact=True).check()
    form_field(page, language, NewCityForm, "profile").fill(CITY["profile"])
    page.get_by_role("radio", name=choice(language, LISTED_CHOICES[0][1]), exact=True).check()
    form_field(page, language, NewCityForm, "role").select_option(
        label=choice(language, Official.Role.FOCAL_POINT.label)
    )
    page.get_by_role("button", name=tr(language, "Save and continue"), exact=True).click()

    # Step 2: the contacts, one group per role.
    expect_status_message(
        page, tr(language, "The application is saved as a draft. Next: the contacts.")
    )
    expect_heading(page, tr(language, "Application of %(name)s", name=CITY["name"]))
    expect_current_step(page, language, "Contacts")
    for role, prefix, person in (
        (Official.Role.MAYOR, "mayor", MAYOR),
        (Official.Role.FOCAL_POINT, "focal_point", {**FOCAL_POINT, "email": email}),
    ):
        # Both groups have the same labels: each is found inside its own fieldset.
        group = page.get_by_role("group", name=choice(language, role.label), exact=True)
        for part in ("name", "title", "email"):
            form_field(group, language, ContactsForm, f"{prefix}_{part}").fill(person[part])
    page.get_by_role("button", name=tr(language, "Save and continue"), exact=True).click()

    # Step 3: each guiding principle, agreed on its own.
    expect_status_message(page, tr(language, "The contacts are saved."))
    expect_current_step(page, language, "The guiding principles")
    total = principles.principles.count()
    for number, principle in enumerate(principles.principles.order_by("number"), start=1):
        expect_heading(
            page,
            tr(language, "Guiding principle %(number)s of %(total)s", number=number, total=total),
            level=2,
        )
        text = in_language(language, lambda p=principle: p.text)
        expect(page.get_by_text(text, exact=True)).to_be_visible()
        page.get_by_role(
            "checkbox",
            name=form_label(language, PrincipleAgreementForm, "agree"),
        ).check()
        page.get_by_role("button", name=tr(language, "Agree and continue"), exact=True).click()

    # Step 4: the signatory and the signed letter.
    expect_current_step(page, language, "Signatory and letter")
    expect_heading(page, tr(language, "Signatory and letter"), level=2)
    form_field(page, language, SignatoryForm, "signatory_name").fill(MAYOR["name"])
    form_field(page, language, SignatoryForm, "signatory_title").fill(MAYOR["title"])
    page.get_by_role(
        "radio", name=choice(language, Commitment.SignatoryRole.MAYOR.label), exact=True
    ).check()
    signed_on = timezone.localdate() - datetime.timedelta(days=7)
    form_field(page, language, SignatoryForm, "signed_on").fill(signed_on.isoformat())
    form_field(page, language, SignatoryForm, "letter").set_input_files(letter)
    page.get_by_role("button", name=tr(language, "Record the commitment"), exact=True).click()

    # Step 5: review, then submit.
    expect_status_message(
        page,
        tr(
            language,
            "The commitment to the guiding principles (%(version)s) is recorded.",
            version=principles.label,
        ),
    )
    expect_current_step(page, language, "Review and submit")
    # The official is the focal point, once.
    contacts = page.get_by_role("region", name=tr(language, "Contacts"), exact=True)
    expect(contacts.get_by_text(FOCAL_POINT["name"], exact=True)).to_have_count(1)
    expect(contacts.get_by_role("listitem")).to_have_count(2)
    review = page.get_by_role("region", name=tr(language, "Commitment to the guiding principles"))
    expect(review).to_contain_text(MAYOR["name"])
    expect(
        review.get_by_role("definition").filter(has_text=tr(language, "Attached"))
    ).to_be_visible()
    page.get_by_role("button", name=tr(language, "Submit the application"), exact=True).click()

    # The city's page shows the status.
    expect_status_message(
        page, tr(language, "The application is submitted. The Management Unit will review it.")
    )
    expect_heading(page, CITY["name"])
    under_review = choice(language, Membership.Status.UNDER_REVIEW.label)
    expect(page.get_by_role("main").get_by_text(exactly(under_review))).to_be_visible()
    status = page.get_by_role("region", name=tr(language, "Membership"), exact=True)
    expect(status).to_contain_text(
        tr(
            language,
            "The application was submitted on %(date)s. The Management Unit is reviewing it.",
            date=localized_date(language),
        )
    )

    # What was recorded is what the official typed and uploaded.
    city = LocalGovernment.objects.get(name=CITY["name"])
    assert (city.subdivision, city.languages) == (CITY["subdivision"], CITY["languages"])
    assert city.membership.status == Membership.Status.UNDER_REVIEW
    commitment = city.commitments.get()
    assert set(commitment.principles.all()) == set(principles.principles.all())
    assert commitment.signed_on == signed_on
    assert commitment.letter.read() == letter.read_bytes()
    assert not browser_errors(console_errors), console_errors


# --- Journey 2 -------------------------------------------------------------------------------


@pytest.fixture
def application_under_review(transactional_db, mena):
    """Chefchaouen applied (committed to the principles in force) and waits for a decision."""
    city = factories.LocalGovernmentFactory(
        name_en="Chefchaouen",
        name_ar="شفشاون",
        name_fr="Chefchaouen",
        country="MA",
        subdivision="MA-01",
        region=mena,
        languages=["ar", "fr"],
    )
    membership = factories.make_application(city)
    official = factories.make_official(city, email="salma@chefchaouen.example.org")
    return {"city": city, "membership": membership, "official": official}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_approve_with_a_second_factor_and_the_official_downloads_the_certificate(
    page, live_server, application_under_review, settings, console_errors, language
):
    settings.ADMIN_REQUIRES_MFA = True  # as in production: the admin needs a second factor
    factories.make_certificate_settings()  # staff have named the certificates' signatory
    city = application_under_review["city"]
    city_name = in_language(language, lambda: city.name)
    staff = factories.make_mu_staff(email="decisions@management-unit.example.org")
    secret = activate_totp(staff)

    # Staff: password, then the authenticator app's code.
    sign_in(page, live_server, language, staff.email, totp_secret=secret)
    open_applications_queue(page, language)

    # Find the application and read the eligibility result.
    page.get_by_role("search").get_by_role("textbox").fill(city_name)
    page.get_by_role("search").get_by_role("button").click()
    row = application_row(page, city_name)
    expect(row).to_have_count(1)
    expect(
        row.get_by_role("cell", name=tr(language, "Eligible: in no disputed territory"))
    ).to_be_visible()
    expect(row).to_contain_text(choice(language, Membership.Status.UNDER_REVIEW.label))

    # Its page in the admin says the same, with the commitment; then back to the list.
    row.get_by_role("link", name=city_name, exact=True).click()
    expect(page.get_by_text(tr(language, "Eligible: in no disputed territory"))).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(city.commitments.get().signatory_name)
    page.get_by_role("navigation", name=tr(language, "Breadcrumbs")).get_by_role(
        "link", name=choice(language, capfirst(Membership._meta.verbose_name_plural)), exact=True
    ).click()
    row = application_row(page, city_name)

    # Approve it with the admin action.
    run_admin_action(page, language, row, MembershipAdmin.approve.short_description)
    approved = in_language(
        language,
        lambda: (
            ngettext("%(count)d application approved.", "%(count)d applications approved.", 1)
            % {"count": 1}
        ),
    )
    expect(admin_message(page, approved)).to_be_visible()
    expect(application_row(page, city_name)).to_contain_text(
        choice(language, Membership.Status.MEMBER.label)
    )
    page.get_by_role("button", name=tr(language, "Log out"), exact=True).click()

    # The official: the dashboard, the city's member page, the certificate.
    official = application_under_review["official"]
    sign_in(page, live_server, language, official.email)
    page.get_by_role("main").get_by_role("link", name=city_name, exact=True).click()
    expect_heading(page, city_name)
    benefits = page.get_by_role("region", name=tr(language, "Member benefits"), exact=True)
    expect(benefits).to_contain_text(tr(language, "Today the city may hold every member benefit:"))
    expect(page.get_by_role("region", name=tr(language, "Membership"), exact=True)).to_contain_text(
        tr(
            language,
            "Member since %(date)s.",
            date=localized_date(language),
        )
    )
    benefits.get_by_role(
        "button", name=tr(language, "Request the membership certificate (PDF)"), exact=True
    ).click()
    expect_status_message(
        page,
        tr(language, "Your membership certificate is being prepared; download it from this page."),
    )
    expect_heading(page, choice(language, CERTIFICATE_KIND.title))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=tr(language, "Download the PDF"), exact=True).click()
    download = download_info.value
    assert download.suggested_filename == CERTIFICATE_KIND.filename(language)
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2_000, pdf[:40]

    application_under_review["membership"].refresh_from_db()
    assert application_under_review["membership"].status == Membership.Status.MEMBER
    assert not browser_errors(console_errors), console_errors
