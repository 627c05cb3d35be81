"""Journey 5 of issue 6: an official of one city cannot reach another city's pages by
editing the address. The browser shows the 404 page, in the language of the address, and
nothing of the other city. In English and Arabic."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser_errors, expect_heading, in_language, sign_in, tr

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_official_editing_the_address_gets_the_not_found_page_in_their_language(
    page, live_server, official_of_rabat, oslo, console_errors, language
):
    rabat = official_of_rabat.person.officials.get().local_government
    rabat_name = in_language(language, lambda: rabat.name)
    oslo_name = in_language(language, lambda: oslo.name)

    sign_in(page, live_server, language, official_of_rabat.email)
    page.get_by_role("main").get_by_role("link", name=rabat_name, exact=True).click()
    expect_heading(page, rabat_name)
    own_pages = [page.url]
    page.get_by_role("link", name=tr(language, "Update the profile"), exact=True).click()
    expect_heading(page, tr(language, "Profile of %(name)s", name=rabat_name))
    own_pages.append(page.url)
    page.go_back()
    page.get_by_role("link", name=tr(language, "Update the contacts"), exact=True).click()
    expect_heading(page, tr(language, "Contacts of %(name)s", name=rabat_name))
    own_pages.append(page.url)

    for own_page in own_pages:
        assert str(rabat.code) in own_page, own_page
        edited = own_page.replace(str(rabat.code), str(oslo.code))
        response = page.goto(edited)
        assert response is not None and response.status == 404, (edited, response)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        expect_heading(page, tr(language, "Page not found"))
        expect(
            page.get_by_text(
                tr(language, "This page does not exist, or you do not have access to it.")
            )
        ).to_be_visible()
        expect(
            page.get_by_role("link", name=tr(language, "Go to the home page"), exact=True)
        ).to_be_visible()
        expect(page.get_by_text(oslo_name)).to_have_count(0)
        # Still signed in: the 404 is the refusal, not a sign-in page.
        expect(
            page.get_by_role("navigation", name=tr(language, "Main navigation")).get_by_text(
                tr(language, "My account"), exact=True
            )
        ).to_be_visible()

    assert not browser_errors(console_errors), console_errors
