"""The admin's Applications list and the disputed-territory matches fit a 1366 px laptop
screen, in English and in Arabic: the "Waiting" column and the rule that matched are
wholly on screen, the page never scrolls sideways, long text wraps inside its cell, and
the statuses read as words. Screenshots of both lists are kept."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Membership, TerritoryMatch
from members.services import screening
from tests import factories
from tests.browser.conftest import choice, horizontal_overflow, sign_in_directly, tr, url_of

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}

# Each named column's header and cells: where they are, and whether their box scrolls.
COLUMN_BOXES = """(name) => {
    const results = document.querySelector('#changelist-form .results');
    const cells = [...document.querySelectorAll(
        `#result_list th.column-${name}, #result_list td.field-${name}`)];
    return {
        cells: cells.map(c => {
            const r = c.getBoundingClientRect();
            return {left: r.left, right: r.right, width: r.width};
        }),
        scrolls: results.scrollWidth > results.clientWidth + 1,
    };
}"""


def on_screen(page, column: str) -> list[str]:
    """What of ``column`` (its header and every cell) is off the 1366 px screen."""
    measured = page.evaluate(COLUMN_BOXES, column)
    assert measured["cells"], f"no column {column}"
    wrong = [
        f"{column}: {cell}"
        for cell in measured["cells"]
        if cell["width"] == 0 or cell["left"] < 0 or cell["right"] > LAPTOP["width"]
    ]
    if measured["scrolls"]:
        wrong.append(f"{column}: the table scrolls inside its box")
    return wrong


@pytest.fixture
def applications(transactional_db):
    """Three open applications in the region of the Middle East and North Africa, the
    oldest inside two disputed territories, one by each rule (the longest text a cell
    holds)."""
    mena = factories.RegionFactory(
        code="mena", name_en="Middle East and North Africa", name_ar="الشرق الأوسط وشمال أفريقيا"
    )
    factories.DisputedTerritoryFactory(
        name_en="Example disputed territory",
        name_ar="إقليم متنازع عليه للمثال",
        subdivision_codes=["MA-09"],
    )
    factories.DisputedTerritoryFactory(
        name_en="Another disputed territory",
        name_ar="إقليم متنازع عليه آخر",
        boundary=factories.square(10, 20, 11, 21),
    )

    def apply(name_en: str, name_ar: str, days: int, **city) -> Membership:
        local_government = factories.LocalGovernmentFactory(
            name_en=name_en, name_ar=name_ar, region=mena, **city
        )
        return factories.make_application(
            local_government, submitted_at=timezone.now() - datetime.timedelta(days=days)
        )

    inside = apply(
        "Municipality of the Long Valley of the Southern Provinces",
        "بلدية الوادي الطويل في الأقاليم الجنوبية",
        41,
        country="MA",
        subdivision="MA-09",
        latitude=Decimal("20.5"),
        longitude=Decimal("10.5"),
    )
    screening.record_location_check(local_government=inside.local_government)
    assert {m.rule for m in inside.local_government.territory_matches.all()} == set(
        TerritoryMatch.Rule.values
    )
    apply("Tétouan", "تطوان", 12, country="MA")
    apply("Sfax", "صفاقس", 2, country="TN")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_applications_list_fits_a_laptop_screen(
    page, live_server, applications, language, screenshot_dir
):
    staff = factories.make_mu_staff(email="applications@example.org")
    page.set_viewport_size(LAPTOP)
    sign_in_directly(page, live_server, staff)
    page.goto(url_of(live_server, "admin:members_application_changelist", language))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.screenshot(path=str(screenshot_dir / f"admin-applications-{language}-1366.png"))

    # Oldest first, and the status in words.
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first.locator("td.field-waiting")).to_contain_text("41")
    expect(rows.first.locator("td.field-status_label")).to_have_text(
        choice(language, Membership.Status.UNDER_REVIEW.label)
    )
    header = page.locator("#result_list th.column-waiting")
    expect(header).to_contain_text(tr(language, "waiting").capitalize())
    rule = choice(language, TerritoryMatch.Rule.BOUNDARY.label)
    expect(rows.first.locator("td.field-rule")).to_contain_text(rule)

    assert on_screen(page, "waiting") + on_screen(page, "rule") == []
    assert horizontal_overflow(page) == []
    # The long city name wraps inside its cell: its row grows taller, not wider.
    city = rows.first.locator("th.field-city, td.field-city").first.bounding_box()
    assert city["height"] > rows.nth(1).bounding_box()["height"] * 1.5


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_territory_matches_fit_a_laptop_screen(
    page, live_server, applications, language, screenshot_dir
):
    staff = factories.make_mu_staff(email="territories@example.org")
    page.set_viewport_size(LAPTOP)
    sign_in_directly(page, live_server, staff)
    page.goto(url_of(live_server, "admin:members_territorymatch_changelist", language))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.screenshot(path=str(screenshot_dir / f"admin-territory-matches-{language}-1366.png"))

    expect(page.locator("#result_list tbody tr")).to_have_count(2)  # one city, two rules
    assert on_screen(page, "rule") == []
    assert horizontal_overflow(page) == []
