"""Arabic done properly, seen in the browser: coordinates read left to right inside the
right-to-left page, dates read in Arabic order, and the admin speaks Arabic right to left."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import sign_in_directly, url_of

pytestmark = pytest.mark.browser

BOXES = """(selector) => {
    const el = document.querySelector(selector);
    const range = document.createRange();
    const text = el.firstChild;
    const boxOf = (needle) => {
        const start = text.textContent.indexOf(needle);
        range.setStart(text, start);
        range.setEnd(text, start + needle.length);
        return range.getBoundingClientRect();
    };
    return {direction: getComputedStyle(el).direction, text: el.textContent,
            latitude: boxOf('34.02088').left, longitude: boxOf('-6.84165').left};
}"""


def test_coordinates_read_left_to_right_in_the_arabic_city_page(
    page, live_server, transactional_db, screenshot_dir
):
    rabat = factories.MembershipFactory(
        local_government__name="Rabat",
        local_government__country="MA",
        local_government__latitude="34.02088",
        local_government__longitude="-6.84165",
    ).local_government
    official = factories.make_official(rabat, email="ar-details@rabat.example.org")
    sign_in_directly(page, live_server, official)
    page.goto(url_of(live_server, "members:city_portal", "ar", code=rabat.code))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=str(screenshot_dir / "city-page-coordinates-ar.png"), full_page=True)

    measured = page.evaluate(BOXES, ".coordinates")

    assert measured["direction"] == "ltr"
    assert measured["text"] == "34.02088, -6.84165"
    assert measured["latitude"] < measured["longitude"]  # latitude first, read left to right


def test_the_admin_speaks_arabic_right_to_left_with_arabic_dates(
    page, live_server, transactional_db, screenshot_dir
):
    staff = factories.make_mu_staff(email="ar-admin@example.org")
    factories.make_application()
    sign_in_directly(page, live_server, staff)
    page.goto(url_of(live_server, "admin:index", "ar"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=str(screenshot_dir / "admin-index-ar.png"), full_page=True)
    captions = page.locator("#content-main caption").all_inner_texts()

    assert captions and all(re.search(r"[\u0600-\u06FF]", c) for c in captions), captions
    assert not page.get_by_text("MFA", exact=True).count()

    page.goto(url_of(live_server, "workqueue:queue", "ar"))
    day = page.locator("main p.meta").first.inner_text()
    assert re.fullmatch(r"\d{1,2} [\u0600-\u06FF]+، \d{4}", day), day
    counted = page.locator("main p.counted").inner_text()
    assert "آخر عدّ في" in counted and "أعد الحساب" in counted, counted
