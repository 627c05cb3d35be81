"""Funding in the browser, in English and Arabic: staff see the overdue instalment in
their work queue and open the funding dashboard from their dashboard; the public reads
where the money comes from, right to left in Arabic, and the anonymous donor is never
named."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.conftest import browser_errors, expect_heading, sign_in, tr, url_of
from tests.funding import conftest as funding_fixtures
from tests.funding.conftest import ANONYMOUS_NAME

pytestmark = pytest.mark.browser

ledger_2024 = funding_fixtures.ledger_2024  # the funding tests' small ledger


@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_follow_the_overdue_instalment_to_the_dashboard_and_the_public_page(
    page, live_server, transactional_db, mu_staff, ledger_2024, console_errors, language
):
    with time_machine.travel(datetime.datetime(2024, 10, 1, 9, tzinfo=datetime.UTC), tick=True):
        sign_in(page, live_server, language, mu_staff.email)
        expect(page.get_by_text(tr(language, "Donor instalments overdue"))).to_be_visible()
        # Arabic writes the decimal comma.
        expect(page.get_by_text(re.compile(r"400000[.,]00 NOK"))).to_be_visible()
        nav = page.get_by_role("navigation", name=tr(language, "Main navigation"))
        nav.get_by_text(tr(language, "My account"), exact=True).click()
        nav.get_by_role("link", name=tr(language, "My dashboard"), exact=True).click()
        page.get_by_role("link", name=tr(language, "Funding dashboard"), exact=True).click()
        expect_heading(page, tr(language, "Funding dashboard %(year)s", year=2024))
        expect(page.get_by_text(tr(language, "Overdue instalments"))).to_be_visible()
        expect(page.locator("[data-figure=pledged]")).to_contain_text("398000")

    page.goto(url_of(live_server, "funding:transparency", language))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect_heading(page, tr(language, "Where our funding comes from"))
    table = page.get_by_role("table")
    expect(table.get_by_text("Norway", exact=True)).to_be_visible()
    expect(table.get_by_text(tr(language, "Anonymous donors"), exact=True)).to_be_visible()
    expect(page.get_by_text(ANONYMOUS_NAME)).to_have_count(0)
    assert ANONYMOUS_NAME not in page.content()
    assert not browser_errors(console_errors), console_errors
