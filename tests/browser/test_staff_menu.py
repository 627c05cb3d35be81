"""The signed-in menu of the person with the most links (Management Unit staff) fits on
one line at 1280 px, in English and in Arabic, and work queue screenshots are kept."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import sign_in_directly, url_of

pytestmark = pytest.mark.browser

MENU_ROWS = """() => {
    const nav = document.querySelector('header nav.main-nav');
    const tops = [...nav.querySelectorAll(':scope > ul > li')]
        .map(li => li.getBoundingClientRect())
        .filter(r => r.width > 0)
        .map(r => Math.round(r.top));
    const header = document.querySelector('header').getBoundingClientRect();
    return {rows: new Set(tops).size, items: tops.length, height: header.height};
}"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_staff_menu_fits_on_one_line_at_1280_px(
    page, live_server, transactional_db, language, screenshot_dir
):
    staff = factories.make_mu_staff(email="menu@example.org")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_directly(page, live_server, staff)
    page.goto(url_of(live_server, "workqueue:queue", language))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.screenshot(path=str(screenshot_dir / f"work-queue-{language}-desktop.png"), full_page=True)

    measured = page.evaluate(MENU_ROWS)
    # directory, the network, work queue, admin, my account (the brand leads home)
    assert measured["items"] == 5
    assert measured["rows"] == 1, measured

    # The network's public pages are one click away, with the keyboard too.
    page.locator(".network-menu summary").focus()
    page.keyboard.press("Enter")
    network = page.locator(".network-menu ul")
    expect(network).to_be_visible()
    for name in (
        "governance:isc_members",
        "hubs:hub_list",
        "activities:calendar",
        "resources:list",
        "mel:glance",
        "funding:partners",
        "funding:transparency",
    ):
        expect(
            network.locator(
                f'a[href="{url_of(live_server, name, language)[len(live_server.url) :]}"]'
            )
        ).to_have_count(1)
    box, viewport = network.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    page.keyboard.press("Escape")
    page.locator(".network-menu summary").click()

    # The rest is one click away, in the account menu, and works with the keyboard.
    page.locator(".account-menu summary").focus()
    page.keyboard.press("Enter")
    menu = page.locator(".account-menu ul")
    expect(menu).to_be_visible()
    page.screenshot(path=str(screenshot_dir / f"account-menu-{language}-desktop.png"))
    for name in ("web:dashboard", "reports:list", "mfa_index"):
        expect(
            menu.locator(f'a[href="{url_of(live_server, name, language)[len(live_server.url) :]}"]')
        ).to_have_count(1)
    box, viewport = menu.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # on screen in RTL too
