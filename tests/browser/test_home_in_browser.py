"""The home page in a real browser: right-to-left Arabic, screenshots, and the CSP.

Run: ``.venv/bin/pytest tests/browser -q -p no:randomly``
"""

import datetime

import pytest
from playwright.sync_api import expect

from members.models import GuidingPrinciple, PrincipleVersion, StrategicPriority
from tests import factories

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
LANGUAGES = ["en", "ar", "fr", "es"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

PRIORITIES = [
    {
        "title_en": "Prevention of extremism, hate and polarisation",
        "title_ar": "الوقاية من التطرف والكراهية والاستقطاب",
        "description_en": "Cities act early, with their communities, before tensions turn violent.",
        "description_ar": "تتحرك المدن مبكرًا، مع مجتمعاتها، قبل أن تتحول التوترات إلى عنف.",
    },
    {
        "title_en": "Social cohesion and inclusion",
        "title_ar": "التماسك الاجتماعي والإدماج",
        "description_en": "Every resident belongs and has a voice in the life of the city.",
        "description_ar": "لكل ساكن مكان وصوت في حياة المدينة.",
    },
]
PRINCIPLES = [
    {
        "text_en": "Local governments lead the prevention of extremism, hate and polarisation.",
        "text_ar": "تقود الحكومات المحلية جهود الوقاية من التطرف والكراهية والاستقطاب.",
    },
    {
        "text_en": "Prevention respects human rights and the rule of law.",
        "text_ar": "تحترم الوقاية حقوق الإنسان وسيادة القانون.",
    },
]


@pytest.fixture
def home_content(transactional_db):
    """What the home page shows: a member city in a region, two priorities, two principles."""
    region = factories.RegionFactory(
        code="mena", name_en="Middle East and North Africa", name_ar="الشرق الأوسط وشمال أفريقيا"
    )
    factories.MembershipFactory(
        local_government__name_en="Rabat",
        local_government__name_ar="الرباط",
        local_government__country="MA",
        local_government__region=region,
    )
    priorities = [
        StrategicPriority.objects.create(number=n, code=f"priority-{n}", **fields)
        for n, fields in enumerate(PRIORITIES, start=1)
    ]
    version = PrincipleVersion.objects.create(label="2024", effective_on=datetime.date(2024, 1, 1))
    for n, fields in enumerate(PRINCIPLES, start=1):
        GuidingPrinciple.objects.create(version=version, number=n, **fields)
    return {"region": region, "priorities": priorities, "version": version}


def csp_violations(console_errors: list[str]) -> list[str]:
    return [text for text in console_errors if "Content Security Policy" in text]


def open_home(page, live_server, language: str):
    response = page.goto(f"{live_server.url}/{language}/")
    assert response is not None and response.status == 200, response
    return response


def box_of(page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return {**box, "right": box["x"] + box["width"]}


def test_arabic_home_is_laid_out_right_to_left(page, live_server, home_content, console_errors):
    page.set_viewport_size(DESKTOP)
    width = DESKTOP["width"]

    response = open_home(page, live_server, "ar")

    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp, f"no Content-Security-Policy header: {response.headers}"
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp

    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The stylesheet loaded (the CSP lets it through): the header has the brand colour.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        == "rgb(11, 79, 108)"
    )

    expect(page.get_by_role("heading", name=PRIORITIES[0]["title_ar"])).to_be_visible()
    expect(page.get_by_role("heading", name=PRIORITIES[1]["title_ar"])).to_be_visible()
    expect(page.get_by_text(PRINCIPLES[0]["text_ar"])).to_be_visible()

    # Mirrored: in Arabic the brand hugs the right edge, in English the left one.
    brand_ar = box_of(page, ".site-header .brand")
    row_ar = box_of(page, ".site-header .header-row")
    nav_ar = box_of(page, ".site-header .main-nav > ul > li:first-child")
    gap_right_ar = width - brand_ar["right"]
    assert abs(brand_ar["right"] - row_ar["right"]) <= 2, (brand_ar, row_ar)
    assert gap_right_ar <= 0.1 * width, f"Arabic brand ends {gap_right_ar}px from the right edge"
    assert brand_ar["x"] > width / 2, brand_ar
    assert nav_ar["right"] < brand_ar["x"], "Arabic navigation should come left of the brand"

    open_home(page, live_server, "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    brand_en = box_of(page, ".site-header .brand")
    nav_en = box_of(page, ".site-header .main-nav > ul > li:first-child")
    assert brand_en["x"] <= 0.1 * width, f"English brand starts {brand_en['x']}px from the left"
    assert brand_en["right"] < width / 2, brand_en
    assert nav_en["x"] > brand_en["right"], "English navigation should come right of the brand"
    assert abs(brand_en["x"] - gap_right_ar) <= 2, "Arabic header is not the mirror of English"

    # A phone in Arabic: nothing sticks out sideways.
    page.set_viewport_size(PHONE)
    open_home(page, live_server, "ar")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"] + 1, f"horizontal overflow: scrollWidth={scroll_width}"
    brand_phone = box_of(page, ".site-header .brand")
    assert PHONE["width"] - brand_phone["right"] <= 0.1 * PHONE["width"], brand_phone

    assert not csp_violations(console_errors), console_errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_screenshots(
    page, live_server, home_content, console_errors, screenshot_dir, language
):
    # French and Spanish have no content translations here: modeltranslation falls back to English.
    title = PRIORITIES[0].get(f"title_{language}", PRIORITIES[0]["title_en"])
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        response = open_home(page, live_server, language)
        assert "content-security-policy" in response.headers
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        path = screenshot_dir / f"home-{language}-{device}.png"
        page.screenshot(path=path, full_page=True)
        assert path.is_file(), path
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE), f"{path} is not a PNG"
        assert len(data) > 5_000, f"{path} is only {len(data)} bytes"
    print(f"screenshots in {screenshot_dir}")

    assert not csp_violations(console_errors), console_errors


def test_csp_violations_reach_the_console_check(page, live_server, home_content, console_errors):
    """The CSP checks are not vacuous: a resource the policy blocks gives such a console error."""
    open_home(page, live_server, "en")
    assert not csp_violations(console_errors), console_errors

    with page.expect_console_message(
        lambda message: message.type == "error" and "Content Security Policy" in message.text
    ):
        page.evaluate(
            """() => {
                const img = document.createElement("img");
                img.src = "https://cdn.example.invalid/tracker.png";
                document.body.append(img);
            }"""
        )
    assert csp_violations(console_errors), console_errors
