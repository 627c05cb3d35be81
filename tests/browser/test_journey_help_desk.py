"""The help desk in the browser (issue 14): an official of Rabat asks their hub a question
from the dashboard; the MENA hub's staff find it in their work queue and answer it; the
official reads the answer; staff of another hub opening the request's address get the
not-found page and nothing of it. In English and Arabic."""

import pytest
from playwright.sync_api import expect

from hubs.forms.helpdesk import AskForm, StaffReplyForm
from hubs.models import HelpRequest
from tests.browser.conftest import (
    activate_totp,
    browser_errors,
    choice,
    expect_heading,
    expect_status_message,
    form_field,
    sign_in,
    sign_out,
    tr,
    url_of,
)

pytestmark = pytest.mark.browser

QUESTION = "How do other cities run a youth council?"
ANSWER = "Two cities of the region started one last year; here is how."


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_official_asks_the_help_desk_and_hub_staff_answer(
    page,
    live_server,
    official_of_rabat,
    hub_staff_mena,
    hub_staff_other,
    another_person,
    console_errors,
    language,
):
    subject = "Youth council" if language == "en" else "مجلس الشباب"

    # The official asks from their dashboard.
    sign_in(page, live_server, language, official_of_rabat.email)
    page.get_by_role("link", name=tr(language, "Ask the help desk"), exact=True).click()
    expect_heading(page, tr(language, "Help desk"))
    form_field(page, language, AskForm, "category").select_option(
        label=choice(language, HelpRequest.Category.YOUTH.label)
    )
    form_field(page, language, AskForm, "subject").fill(subject)
    form_field(page, language, AskForm, "body").fill(QUESTION)
    page.get_by_role("button", name=tr(language, "Send the request"), exact=True).click()
    expect_heading(page, subject)
    expect_status_message(page, tr(language, "Your request is sent to the help desk."))
    request_url = page.url
    help_request = HelpRequest.objects.get()
    assert help_request.hub.slug == "mena"
    sign_out(page, language)

    # The hub's staff find it in their work queue and answer it.
    sign_in(
        page,
        live_server,
        language,
        hub_staff_mena.email,
        totp_secret=activate_totp(hub_staff_mena),
    )
    page.get_by_role("link", name=subject, exact=True).click()
    expect_heading(page, subject)
    expect(page.get_by_text(QUESTION)).to_be_visible()
    form_field(page, language, StaffReplyForm, "body").fill(ANSWER)
    page.get_by_role("button", name=tr(language, "Send"), exact=True).click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    staff_url = page.url
    sign_out(page, language)

    # The official reads the answer.
    sign_in(page, live_server, language, official_of_rabat.email)
    page.goto(request_url)
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text(tr(language, "Answered"), exact=True)).to_be_visible()

    # Another hub's staff, by the address: the not-found page, nothing of the request.
    other = another_person("hub_staff_other")
    sign_in(
        other,
        live_server,
        language,
        hub_staff_other.email,
        totp_secret=activate_totp(hub_staff_other),
    )
    response = other.goto(staff_url)
    assert response is not None and response.status == 404
    expect_heading(other, tr(language, "Page not found"))
    expect(other.get_by_text(subject)).to_have_count(0)
    expect(other.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert url_of(live_server, "web:home", language)

    assert not browser_errors(console_errors), console_errors
