"""Monitoring, evaluation and learning in Arabic, in a real browser, using only what a
person sees.

Management Unit staff open the indicators from their dashboard: the page runs right to
left. They show last year, follow the member cities' figure to the cities it counted,
record the value of an indicator staff record (city-to-city exchanges, under its strategic
priority) from the empty figure, see it on the dashboard, and request the annual progress
report in Arabic: the PDF they download is written in Arabic, right to left, with the
figures of the dashboard.
"""

import datetime
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import ngettext
from playwright.sync_api import expect

from members.models import StrategicPriority
from scn_portal.mel.models import AnnualReportText, Indicator, RecordedValue, Target
from scn_portal.mel.periods import Period
from scn_portal.mel.reports import ANNUAL_REPORT
from scn_portal.mel.services import (
    ensure_default_indicators,
    link_indicators_to_priorities,
    take_snapshots,
)
from scn_portal.reports import registry as report_kinds
from tests import factories
from tests.browser.conftest import (
    browser_errors,
    choice,
    exactly,
    expect_heading,
    label_text,
    sign_in,
    tr,
)
from tests.reports.test_network_at_a_glance import BIDI_MARKS

pytestmark = pytest.mark.browser

LANGUAGE = "ar"
EXCHANGES_VALUE = "14"
SOURCE = "التقارير السنوية للمراكز الإقليمية"
PRIORITIES = {
    1: ("city-to-city", "City-to-city exchange", "تعزيز التفاعل بين المدن"),
    2: ("national-local", "National–local cooperation", "تعزيز التعاون الوطني والمحلي الفعال"),
    3: ("prevention", "Local prevention", "الوقاية المحلية"),
    4: ("city-youth", "City–youth engagement", "إشراك الشباب في المدن"),
    5: ("mayors", "Voice of mayors", "صوت رؤساء البلديات"),
}
CITIES = [("Rabat", "الرباط", "mena"), ("Tunis", "تونس", "mena"), ("Oslo", "أوسلو", "europe")]
PDF_TIMEOUT_MS = 60_000  # the report is rendered when it is requested


@pytest.fixture
def last_year(transactional_db, mu_staff):
    """The network's default indicators linked to the five priorities, three member cities
    at the end of last year, last year's figures taken, a target and the text of the
    coming year's priorities."""
    year = timezone.localdate().year - 1
    ensure_default_indicators()  # a transactional test empties the seeded rows
    for number, (code, title, title_ar) in PRIORITIES.items():
        StrategicPriority.objects.create(
            number=number, code=code, title_en=title, title_ar=title_ar
        )
    link_indicators_to_priorities()
    regions = {
        "mena": factories.RegionFactory(
            code="mena", name_en="Middle East and North Africa", name_ar="الشرق الأوسط"
        ),
        "europe": factories.RegionFactory(code="europe", name_en="Europe", name_ar="أوروبا"),
    }
    for name, name_ar, region in CITIES:
        factories.MembershipFactory(
            local_government__name_en=name,
            local_government__name_ar=name_ar,
            local_government__region=regions[region],
            joined_on=datetime.date(year - 3, 5, 1),
        )
    members = Indicator.objects.get(code="member-cities")
    Target.objects.create(indicator=members, year=year, value=3)
    take_snapshots(period=Period(year), indicators=[members])
    AnnualReportText.objects.create(
        year=year,
        coming_priorities="Launch the West Africa hub.",
        coming_priorities_ar="إطلاق المركز الإقليمي لغرب أفريقيا.",
    )
    return year


def indicator_name(code: str) -> str:
    return Indicator.objects.get(code=code).name_ar


def indicator_heading(code: str) -> re.Pattern:
    """An indicator's row header as the page writes it: its name, then its definition."""
    indicator = Indicator.objects.get(code=code)
    return re.compile(
        rf"^\s*{re.escape(indicator.name_ar)}\s+{re.escape(indicator.definition_ar)}\s*$"
    )


def open_indicators(page, year: int):
    """From the portal: "My account", "My dashboard", "Open the indicators", then the year."""
    nav = page.get_by_role("navigation", name=tr(LANGUAGE, "Main navigation"))
    nav.get_by_text(tr(LANGUAGE, "My account"), exact=True).click()
    nav.get_by_role("link", name=tr(LANGUAGE, "My dashboard"), exact=True).click()
    page.get_by_role("link", name=tr(LANGUAGE, "Open the indicators"), exact=True).click()
    expect_heading(page, tr(LANGUAGE, "Monitoring, evaluation and learning"))
    page.get_by_label(label_text(LANGUAGE, tr(LANGUAGE, "Year"))).select_option(str(year))
    page.get_by_role("button", name=tr(LANGUAGE, "Show"), exact=True).click()


def figure_row(page, group_title: str, code: str):
    group = page.get_by_role("region", name=group_title, exact=True)
    return group.get_by_role("row").filter(
        has=page.get_by_role("rowheader").filter(has_text=indicator_heading(code))
    )


def admin_field(page, model, field: str):
    label = choice(LANGUAGE, capfirst(model._meta.get_field(field).verbose_name))
    return page.get_by_label(label_text(LANGUAGE, label))


def pdf_words(path: Path) -> list[dict]:
    """The PDF's words with their boxes (pdftotext -bbox), bidi marks stripped and Arabic
    presentation forms folded. Words come as drawn: an Arabic word's letters from left to
    right, so reversed."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    words = []
    for x_min, y_min, x_max, text in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out
    ):
        text = unicodedata.normalize("NFKC", text.translate(BIDI_MARKS))
        words.append({"x": float(x_min), "y": float(y_min), "right": float(x_max), "text": text})
    return words


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return unicodedata.normalize("NFKC", out.stdout.decode("utf-8").translate(BIDI_MARKS))


def test_staff_follow_a_figure_record_a_value_and_download_the_annual_report_in_arabic(
    page, live_server, last_year, mu_staff, console_errors, tmp_path
):
    year = last_year
    network = tr(LANGUAGE, "The network as a whole")
    with translation.override(LANGUAGE):
        exchange = str(StrategicPriority.objects.get(number=1))  # "1. تعزيز التفاعل بين المدن"

    # The dashboard, right to left: the indicator's name on the right of its figure.
    sign_in(page, live_server, LANGUAGE, mu_staff.email)
    open_indicators(page, year)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    members = figure_row(page, network, "member-cities")
    expect(members).to_contain_text(tr(LANGUAGE, "On track"))
    name_box = members.get_by_role("rowheader").bounding_box()
    figure_box = members.get_by_role("cell").first.bounding_box()
    assert name_box["x"] > figure_box["x"] + figure_box["width"] - 1, (name_box, figure_box)
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"

    # The member cities' figure opens the cities it counted, as taken for last year.
    members.get_by_role("link", name="3", exact=True).click()
    expect_heading(page, f"{indicator_name('member-cities')} — {year}")
    with translation.override(LANGUAGE):
        counted = ngettext("%(counter)s record counted", "%(counter)s records counted", 3) % {
            "counter": 3
        }
    expect(page.get_by_role("heading", name=exactly(counted), level=2)).to_be_visible()
    records = page.locator("ol.mel-records > li")
    expect(records).to_have_count(3)
    for _name, name_ar, _region in CITIES:
        expect(records.filter(has_text=name_ar)).to_have_count(1)

    # City-to-city exchanges, under its priority, has no value yet: staff record it.
    page.go_back()
    exchanges = figure_row(page, exchange, "city-to-city-exchanges")
    exchanges.get_by_role("link", name=tr(LANGUAGE, "Record the value"), exact=True).click()
    expect(admin_field(page, RecordedValue, "period")).to_have_value(str(year))
    admin_field(page, RecordedValue, "value").fill(EXCHANGES_VALUE)
    admin_field(page, RecordedValue, "source").fill(SOURCE)
    page.get_by_role("button", name=tr(LANGUAGE, "Save"), exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    row = RecordedValue.objects.get(indicator__code="city-to-city-exchanges", period=str(year))
    assert str(row.value.quantize(1)) == EXCHANGES_VALUE and row.recorded_by == mu_staff

    # Back to the portal from the admin, still in Arabic.
    page.get_by_role("link", name=tr(LANGUAGE, "View site"), exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGE)
    open_indicators(page, year)
    exchanges = figure_row(page, exchange, "city-to-city-exchanges")
    expect(exchanges.get_by_role("link", name=EXCHANGES_VALUE, exact=True)).to_be_visible()
    expect(exchanges.get_by_role("link", name=tr(LANGUAGE, "Record the value"))).to_have_count(0)

    # The annual progress report of last year, in Arabic (the page's language).
    nav = page.get_by_role("navigation", name=tr(LANGUAGE, "Main navigation"))
    nav.get_by_text(tr(LANGUAGE, "My account"), exact=True).click()
    nav.get_by_role("link", name=tr(LANGUAGE, "My dashboard"), exact=True).click()
    page.get_by_role(
        "link", name=tr(LANGUAGE, "The annual progress report to the ISC"), exact=True
    ).click()
    expect_heading(page, tr(LANGUAGE, "Annual progress report to the ISC"))
    page.get_by_role("button", name=tr(LANGUAGE, "Request the report"), exact=True).click()
    kind = report_kinds.get(ANNUAL_REPORT)
    expect_heading(page, choice(LANGUAGE, kind.title))
    download_link = page.get_by_role("link", name=tr(LANGUAGE, "Download the PDF"), exact=True)
    expect(download_link).to_be_visible(timeout=PDF_TIMEOUT_MS)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == kind.filename(LANGUAGE)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")

    text = pdf_text(path)
    assert choice(LANGUAGE, kind.title) in text
    assert indicator_name("city-to-city-exchanges") in text
    assert "إطلاق المركز الإقليمي لغرب" in text  # the coming year's priorities staff wrote
    # Right to left: in the exchanges' row the name stands on the right of its value.
    words = pdf_words(path)
    first_word = indicator_name("city-to-city-exchanges").split()[0]
    name = min((w for w in words if w["text"] == first_word[::-1]), key=lambda w: w["y"])
    value = min(
        (w for w in words if w["text"] == EXCHANGES_VALUE and abs(w["y"] - name["y"]) < 15),
        key=lambda w: abs(w["y"] - name["y"]),
    )
    assert value["right"] < name["x"], (value, name)
    assert not browser_errors(console_errors), console_errors
