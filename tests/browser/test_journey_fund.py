"""The Technical Support Fund in the browser, in English and Arabic: Rabat's official
applies to the open round; staff screen it and ask the expert to review it; the expert
declares a conflict on Oslo's application and scores Rabat's; staff approve it within the
round's envelope; the official reads the decision and downloads the grant letter (the
pages right to left in Arabic)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from funding.forms.fund import (
    ApplicationDraftForm,
    ApproveForm,
    ConflictForm,
    ScreenForm,
    StartApplicationForm,
)
from funding.models import FundApplication
from funding.services import fund as services
from tests import factories
from tests.browser.conftest import (
    browser_errors,
    expect_heading,
    form_field,
    sign_in,
    tr,
    url_of,
)

pytestmark = pytest.mark.browser

S = FundApplication.Status


def confirm(page, language: str):
    page.get_by_role("button", name=tr(language, "Confirm"), exact=True).click()


def staff_button(page, language: str, label: str):
    page.get_by_role("link", name=tr(language, label), exact=True).click()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_application_goes_from_the_official_through_review_to_the_grant_letter(
    page,
    another_person,
    live_server,
    transactional_db,
    rabat,
    oslo,
    mena_hub,
    official_of_rabat,
    mu_staff,
    expert,
    console_errors,
    language,
):
    fund_round = factories.make_fund_round(title="Round 2026", envelope="20000")
    factories.StrategicPriorityFactory(code="city-youth", number=4)
    # Oslo's application waits for the expert, who is tied to Oslo.
    oslo_application = factories.make_fund_application(
        oslo, fund_round, status=S.SCREENED, title="Oslo's mentoring"
    )
    services.assign_reviewers(application=oslo_application, reviewers=[expert], actor=mu_staff)

    # The official applies for Rabat.
    sign_in(page, live_server, language, official_of_rabat.email)
    page.goto(url_of(live_server, "fund:home", language))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.get_by_role("link", name=tr(language, "Apply to the fund"), exact=True).click()
    form_field(page, language, StartApplicationForm, "title").fill("Youth dialogue")
    page.get_by_role("button", name=tr(language, "Start the application")).click()
    form_field(page, language, ApplicationDraftForm, "need").fill(
        "Facilitators for the youth council."
    )
    page.locator("input[name=priorities]").first.check()
    form_field(page, language, ApplicationDraftForm, "support_kind").select_option(index=1)
    form_field(page, language, ApplicationDraftForm, "starts_on").fill("2027-02-01")
    form_field(page, language, ApplicationDraftForm, "ends_on").fill("2027-05-01")
    form_field(page, language, ApplicationDraftForm, "timeline").fill("Three workshops.")
    form_field(page, language, ApplicationDraftForm, "requested_usd").fill("15000")
    page.get_by_role("button", name=tr(language, "Save the draft")).click()
    submit = page.get_by_role("button", name=tr(language, "Submit the application"))
    submit.click()
    expect(submit).to_have_count(0)
    application = FundApplication.objects.get(local_government=rabat)
    assert application.status == S.SUBMITTED

    # Staff screen it and ask the expert to review it.
    staff = another_person("staff")
    sign_in(staff, live_server, language, mu_staff.email)
    staff.goto(
        live_server.url + f"/{language}/admin/funding/fundapplication/{application.pk}/change/"
    )
    staff_button(staff, language, "Screen…")
    staff.get_by_label(tr(language, "Eligible and aligned: goes to review")).check()
    form_field(staff, language, ScreenForm, "note").fill("Aligned with priority 4.")
    confirm(staff, language)
    staff_button(staff, language, "Assign reviewers…")
    staff.get_by_label(re.compile(re.escape(expert.full_name or expert.email))).check()
    confirm(staff, language)

    # The expert declares a conflict on Oslo's and scores Rabat's.
    reviewer = another_person("expert")
    sign_in(reviewer, live_server, language, expert.email)
    reviewer.goto(url_of(live_server, "fund:home", language))
    reviewer.get_by_role("link", name="Oslo's mentoring").click()
    reviewer.get_by_label(tr(language, "Yes: I have a conflict of interest")).check()
    form_field(reviewer, language, ConflictForm, "note").fill("I advised Oslo's mayor.")
    reviewer.get_by_role("button", name=tr(language, "Record my declaration")).click()
    expect(
        reviewer.get_by_text(
            tr(
                language,
                "You declared a conflict of interest: you do not see or give scores on "
                "this application.",
            )
        )
    ).to_be_visible()
    reviewer.goto(url_of(live_server, "fund:home", language))
    reviewer.get_by_role("link", name="Youth dialogue").click()
    reviewer.get_by_label(tr(language, "No: I have no conflict of interest")).check()
    reviewer.get_by_role("button", name=tr(language, "Record my declaration")).click()
    for criterion in fund_round.rubric.all():
        reviewer.get_by_role("group", name=criterion.title).get_by_label("4", exact=True).check()
    reviewer.get_by_role("button", name=tr(language, "Record my scores")).click()
    expect(reviewer.get_by_role("button", name=tr(language, "Record my scores"))).to_be_visible()

    # Staff approve within the envelope (20,000 USD, nothing committed yet).
    staff.reload()
    staff_button(staff, language, "Approve…")
    form_field(staff, language, ApproveForm, "amount_usd").fill("12000")
    form_field(staff, language, ApproveForm, "conditions").fill("Share the material.")
    confirm(staff, language)
    application.refresh_from_db()
    assert (application.status, application.approved_usd) == (S.APPROVED, Decimal("12000.00"))
    rabat_review = application.reviews.get(reviewer=expert)
    assert sorted(rabat_review.scores.values_list("score", flat=True)) == [4, 4]
    oslo_review = oslo_application.reviews.get(reviewer=expert)
    assert oslo_review.conflicted and not oslo_review.scores.exists()

    # The official reads the decision and downloads the grant letter.
    page.reload()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect_heading(page, tr(language, "The decision"), level=2)
    expect(page.get_by_text("Share the material.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=tr(language, "Download the grant letter (PDF)")).click()
    assert download.value.suggested_filename.startswith("grant-letter-")
    assert open(download.value.path(), "rb").read(4) == b"%PDF"
    assert not browser_errors(console_errors), console_errors
