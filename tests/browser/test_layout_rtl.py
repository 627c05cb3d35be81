"""Layout of the key pages (issue 6): right-to-left Arabic and screenshots.

For each key page (``conftest.KEY_PAGES``):

- full-page PNG screenshots in English and Arabic, at desktop and phone widths, into the
  run's screenshot directory (``<page>-<language>-<desktop|phone>.png``);
- in Arabic, on a desktop: the main navigation starts on the right, and each field's label
  sits on its right or above it, aligned right (a check box or radio button, mirrored,
  sits right of its text);
- in Arabic, on a 360 px phone: nothing overflows horizontally.

Every screenshot is taken before anything is asserted, so a failing page still leaves its
pictures. The ISC minutes are among the key pages: published (public) and circulated (as an
ISC member reviews them, with a comment form under each agenda item).
"""

import pytest

from tests.browser.conftest import (
    DESKTOP,
    KEY_PAGES,
    PHONE,
    horizontal_overflow,
    open_key_page,
)

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TOLERANCE = 4  # px: borders and sub-pixel rounding

# Pages with a form: their labels must have been measured (the check is not vacuous).
FORM_PAGES = {
    "sign-in",
    "directory",
    "apply-start",
    "apply-details",
    "apply-contacts",
    "apply-principle",
    "apply-signatory",
    "isc-minutes-review",
}

# Layout problems found by these tests and reported to the lead (application code, not
# fixed here): (page, check) -> (what every problem found must start with, why). A page
# whose problems all match is marked xfail; any other problem fails it.
KNOWN_PROBLEMS: dict[tuple[str, str], tuple[str, str]] = {}


MEASURE_NAVIGATION = """() => {
    const items = [...document.querySelectorAll('header nav[aria-label] > ul > li')]
        .filter(li => li.closest('nav') === document.querySelector('header nav'))
        .map(li => li.getBoundingClientRect())
        .filter(r => r.width > 0);
    const nav = document.querySelector('header nav').getBoundingClientRect();
    return {items: items.map(r => ({left: r.left, right: r.right, top: r.top})),
            nav: {left: nav.left, right: nav.right}};
}"""

# Each visible form control with its label's box (the label's text only, when the label
# wraps its control), the control's kind, and the label's text for the message.
MEASURE_LABELS = """() => {
    const visible = el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const textBox = label => {
        const range = document.createRange();
        const rects = [];
        for (const node of label.childNodes) {
            if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
                range.selectNodeContents(node);
                rects.push(...range.getClientRects());
            } else if (node.nodeType === Node.ELEMENT_NODE
                       && !node.matches('input,select,textarea')) {
                rects.push(node.getBoundingClientRect());
            }
        }
        const real = rects.filter(r => r.width > 0);
        if (!real.length) return null;
        const edge = (pick, side) => pick(...real.map(r => r[side]));
        return {left: edge(Math.min, 'left'), right: edge(Math.max, 'right'),
                top: edge(Math.min, 'top'), bottom: edge(Math.max, 'bottom')};
    };
    const found = [];
    for (const control of document.querySelectorAll('main input, main select, main textarea')) {
        if (control.type === 'hidden' || !visible(control)) continue;
        for (const label of control.labels || []) {
            if (!visible(label)) continue;
            const box = textBox(label);
            if (!box) continue;
            const c = control.getBoundingClientRect();
            found.push({
                label: label.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60),
                kind: ['checkbox', 'radio'].includes(control.type) ? 'check' : 'field',
                text: box,
                control: {left: c.left, right: c.right, top: c.top, bottom: c.bottom},
                align: getComputedStyle(label).textAlign,
            });
        }
    }
    return found;
}"""


def navigation_problems(measure: dict) -> list[str]:
    items = measure["items"]
    if len(items) < 2:
        return [f"main navigation has {len(items)} item(s)"]
    first, second = items[0], items[1]
    problems = []
    if abs(first["top"] - second["top"]) <= TOLERANCE and not first["left"] >= second["right"] - 1:
        problems.append(f"first navigation item is not right of the second: {first} / {second}")
    if abs(first["right"] - max(i["right"] for i in items)) > TOLERANCE:
        problems.append("the navigation does not start at its right edge")
    return problems


def check_box_first(found: dict, rtl: bool) -> bool:
    """Does the box come before its text in reading order (right of it in Arabic)?"""
    text, box = found["text"], found["control"]
    if rtl:
        return box["left"] >= text["right"] - TOLERANCE
    return box["right"] <= text["left"] + TOLERANCE


def label_problems(arabic: list[dict], english: list[dict]) -> list[str]:
    """A field's label on its right, or above it and aligned right; a check box or radio
    button in the mirror of its English place (box first there, box first here)."""
    problems = []
    if len(arabic) != len(english):
        problems.append(f"{len(arabic)} labelled fields in Arabic, {len(english)} in English")
    for found, mirror in zip(arabic, english, strict=False):
        text, control = found["text"], found["control"]
        if found["kind"] == "check":
            ok = check_box_first(found, rtl=True) == check_box_first(mirror, rtl=False)
        else:
            beside = text["left"] >= control["right"] - TOLERANCE
            above = (
                text["bottom"] <= control["top"] + TOLERANCE
                and abs(text["right"] - control["right"]) <= TOLERANCE
            )
            ok = beside or above
        if not ok:
            problems.append(
                f"label “{found['label']}” ({found['kind']}): text {rounded(text)}, "
                f"control {rounded(control)}"
            )
    return problems


def rounded(box: dict) -> dict:
    return {k: round(v) for k, v in box.items()}


def screenshot(page, directory, name: str) -> None:
    path = directory / f"{name}.png"
    page.screenshot(path=path, full_page=True, animations="disabled", caret="hide")
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 5_000, f"{path}: {len(data)} bytes"


@pytest.mark.parametrize("key", list(KEY_PAGES))
def test_key_page_layout_and_screenshots(page, live_server, portal_world, screenshot_dir, key):
    problems: dict[str, list[str]] = {}
    labels = {}
    for language in ("en", "ar"):
        page.set_viewport_size(DESKTOP)
        open_key_page(page, live_server, portal_world, key, language)
        screenshot(page, screenshot_dir, f"{key}-{language}-desktop")
        labels[language] = page.evaluate(MEASURE_LABELS)
        if language == "ar":
            problems["navigation"] = navigation_problems(page.evaluate(MEASURE_NAVIGATION))
            problems["labels"] = label_problems(labels["ar"], labels["en"])
        page.set_viewport_size(PHONE)
        open_key_page(page, live_server, portal_world, key, language)
        screenshot(page, screenshot_dir, f"{key}-{language}-phone")
        if language == "ar":
            problems["overflow"] = horizontal_overflow(page)
            problems["phone navigation"] = navigation_problems(page.evaluate(MEASURE_NAVIGATION))

    if key in FORM_PAGES:
        assert labels["ar"], f"{key}: no labelled field was measured"

    unknown, known = {}, []
    for check, found in problems.items():
        prefix, reason = KNOWN_PROBLEMS.get((key, check), (None, ""))
        surprising = [f for f in found if prefix is None or not f.startswith(prefix)]
        if surprising:
            unknown[check] = surprising
        elif found:
            known.append(f"{reason}. Found: {found}")
    assert not unknown, f"{key} in Arabic: {unknown}"
    if known:
        pytest.xfail("; ".join(known))
