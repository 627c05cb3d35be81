"""Journey 3 of issue 6: an application from a local government inside a disputed
territory shows as ineligible with the territory named — to the official when they submit
it, and to the Management Unit in the admin — and the approve action is refused there.
In English and Arabic, with every string taken from the catalogues."""

from decimal import Decimal

import pytest
from django.utils.translation import ngettext
from playwright.sync_api import expect

from members.admin.memberships import MembershipAdmin
from members.models import Membership, TerritoryMatch
from members.services.applications import ApplicationStep
from tests import factories
from tests.browser.conftest import (
    activate_totp,
    admin_message,
    application_row,
    browser_errors,
    choice,
    expect_heading,
    expect_status_message,
    in_language,
    open_applications_queue,
    run_admin_action,
    sign_in,
    sign_out,
    tr,
)

pytestmark = pytest.mark.browser

TERRITORY = {"name_en": "Northern Example Territory", "name_ar": "الإقليم الشمالي النموذجي"}


@pytest.fixture
def draft_inside_a_territory(transactional_db, principles, mena):
    """A complete draft (details, contacts, commitment) whose coordinates fall inside a
    listed disputed territory; the check runs when the official submits it."""
    territory = factories.DisputedTerritoryFactory(
        **TERRITORY, countries=["MA"], boundary=factories.square(10, 20, 11, 21)
    )
    city = factories.LocalGovernmentFactory(
        name_en="Example Oasis",
        name_ar="الواحة النموذجية",
        country="MA",
        region=mena,
        latitude=Decimal("20.5"),
        longitude=Decimal("10.5"),
    )
    membership = factories.make_application(
        city,
        status=Membership.Status.APPLICANT,
        submitted_at=None,
        application_step=ApplicationStep.COMMITMENT,
    )
    city.commitments.all().delete()  # the factory's commitment is to an older version
    factories.CommitmentFactory(local_government=city, version=principles)
    official = factories.make_official(city, email="focal.point@oasis.example.org")
    return {"territory": territory, "city": city, "membership": membership, "official": official}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_application_inside_a_disputed_territory_is_ineligible_and_cannot_be_approved(
    page, live_server, draft_inside_a_territory, console_errors, language
):
    city = draft_inside_a_territory["city"]
    membership = draft_inside_a_territory["membership"]
    city_name = in_language(language, lambda: city.name)
    territory_name = TERRITORY[f"name_{language}"]
    located = tr(
        language,
        "Located in %(territory)s: %(rule)s.",
        territory=territory_name,
        rule=choice(language, TerritoryMatch.Rule.BOUNDARY.label),
    )

    # The official submits the draft and is told at once, with the territory named.
    sign_in(page, live_server, language, draft_inside_a_territory["official"].email)
    page.get_by_role("main").get_by_role(
        "link", name=tr(language, "Continue the application"), exact=True
    ).click()
    expect_heading(page, tr(language, "Review and submit"), level=2)
    page.get_by_role("button", name=tr(language, "Submit the application"), exact=True).click()
    expect_status_message(
        page, tr(language, "The application is submitted, but the city is not eligible.")
    )
    expect_heading(page, city_name)
    status = page.get_by_role("region", name=tr(language, "Membership"), exact=True)
    expect(status).to_contain_text(
        tr(language, "The local government is not eligible for membership.")
    )
    expect(status.get_by_text(located, exact=True)).to_be_visible()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INELIGIBLE
    sign_out(page, language)

    # Management Unit staff find it among the applications inside a disputed territory.
    staff = factories.make_mu_staff(email="decisions@management-unit.example.org")
    secret = activate_totp(staff)
    sign_in(page, live_server, language, staff.email, totp_secret=secret)
    open_applications_queue(page, language)
    page.get_by_role("link", name=tr(language, "Inside a disputed territory"), exact=True).click()
    row = application_row(page, city_name)
    expect(row).to_have_count(1)
    inside = tr(
        language,
        "Inside a disputed territory: %(found)s",
        found=f"{territory_name} ({choice(language, TerritoryMatch.Rule.BOUNDARY.label)})",
    )
    expect(row.get_by_role("cell", name=inside, exact=True)).to_be_visible()
    ineligible = choice(language, Membership.Status.INELIGIBLE.label)
    expect(row.get_by_role("cell", name=ineligible, exact=True)).to_be_visible()

    # Approving is refused with the reason, and nothing changes.
    run_admin_action(page, language, row, MembershipAdmin.approve.short_description)
    refusal = tr(language, "This application cannot be approved: %(why)s", why=located)
    expect(admin_message(page, f"{city_name}: {refusal}")).to_be_visible()
    approved = in_language(
        language,
        lambda: (
            ngettext("%(count)d application approved.", "%(count)d applications approved.", 1)
            % {"count": 1}
        ),
    )
    expect(page.get_by_text(approved)).to_have_count(0)
    expect(
        application_row(page, city_name).get_by_role("cell", name=ineligible, exact=True)
    ).to_be_visible()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INELIGIBLE
    assert not browser_errors(console_errors), console_errors
