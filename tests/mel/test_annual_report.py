"""The annual progress report to the ISC: the year's figures per priority and per part of
the network's work, the same in Arabic as in English, requested by the Management Unit
and filed with the ISC meeting where it is presented."""

import datetime
import re
import shutil
import subprocess
import unicodedata
from collections import Counter

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from governance.models import MeetingPaper
from scn_portal.mel.models import AnnualReportText, Indicator, Target
from scn_portal.mel.reports import ANNUAL_REPORT, annual_report_context
from scn_portal.reports.models import ReportRequest
from tests import factories

pytestmark = pytest.mark.django_db
# Half past, so both languages write the minutes of the generation time.
NOW = datetime.datetime(2025, 2, 10, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def year_2024(mena_hub):
    """Four members at the end of 2024 (one joined that year), an ISC of two, one meeting."""
    mena = mena_hub.regions.get()
    europe = factories.RegionFactory(code="europe", name="Europe")
    for name, region, joined in (
        ("Rabat", mena, datetime.date(2021, 1, 1)),
        ("Tunis", mena, datetime.date(2022, 1, 1)),
        ("Oslo", europe, datetime.date(2023, 1, 1)),
        ("Lyon", europe, datetime.date(2024, 6, 1)),
    ):
        factories.MembershipFactory(
            local_government__name=name, local_government__region=region, joined_on=joined
        )
    for city in factories.LocalGovernmentFactory.create_batch(2, region=mena):
        factories.IscTermFactory(
            local_government=city,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
    factories.MeetingFactory(
        title="Spring ISC", starts_at=datetime.datetime(2024, 4, 2, 9, tzinfo=datetime.UTC)
    )
    Target.objects.create(indicator=Indicator.objects.get(code="member-cities"), year=2024, value=8)
    AnnualReportText.objects.create(
        year=2024,
        coming_priorities="Launch the West Africa hub.",
        coming_priorities_ar="إطلاق المركز الإقليمي لغرب أفريقيا.",
    )
    return {"mena": mena, "europe": europe}


def figure(context, code):
    return next(f for g in context["groups"] for f in g["figures"] if f.indicator.code == code)


def test_the_report_holds_the_years_figures_per_priority_and_section(year_2024):
    with time_machine.travel(NOW):
        context = annual_report_context({"year": 2024})

    member = figure(context, "member-cities")
    assert (member.value, member.target, member.status) == (4, 8, "off_track")
    sections = {s["code"]: s for s in context["sections"]}
    membership = {str(r["label"]): r for r in sections["membership"]["rows"]}
    assert membership["Member cities at the end of the period"]["value"] == "4"
    assert membership["Member cities at the end of the period"]["before"] == "3"
    new = next(x for x in sections["membership"]["lists"] if x["count"] == 1)
    assert [n.split(" (")[0] for n in new["names"]] == ["Lyon"]
    isc = {str(r["label"]): r["value"] for r in sections["isc"]["rows"]}
    assert isc["ISC seats held at the end of the period"] == "2"
    assert isc["ISC meetings held in the period"] == "1"
    assert context["coming_priorities"] == "Launch the West Africa hub."


def pdf_text(path) -> str:
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return unicodedata.normalize("NFKC", re.sub("[\u200e\u200f\u202a-\u202e]", "", raw))


def numbers(text: str) -> Counter:
    return Counter(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_arabic_and_english_reports_hold_the_same_figures(
    year_2024, client_as, django_capture_on_commit_callbacks
):
    client = client_as("mu_staff")
    with time_machine.travel(NOW, tick=False):
        for language in ("en", "ar"):
            with django_capture_on_commit_callbacks(execute=True):
                client.post(reverse("mel:annual_report"), {"year": 2024, "language": language})
    english, arabic = (
        ReportRequest.objects.get(kind=ANNUAL_REPORT, language=language)
        for language in ("en", "ar")
    )
    assert english.status == arabic.status == "done", (english.error, arabic.error)

    en, ar = pdf_text(english.file.path), pdf_text(arabic.file.path)

    assert "Annual progress report to the ISC" in en
    assert "المركز" in ar and "غرب" in ar  # pdftotext splits some ligatures
    assert numbers(en) == numbers(ar)
    assert numbers(en)["2024"] >= 3 and numbers(en)["4"] >= 1


def test_only_the_management_unit_requests_it_and_a_bad_year_saves_nothing(year_2024, client_as):
    url = reverse("mel:annual_report")
    for persona in ("hub_staff_mena", "official_of_rabat", "isc_member"):
        assert client_as(persona).post(url, {"year": 2024, "language": "en"}).status_code == 404
    assert client_as("anonymous").get(url).status_code == 302

    page = client_as("mu_staff").post(url, {"year": 1999, "language": "en"})

    assert page.status_code == 200 and page.context["form"].errors
    assert not ReportRequest.objects.filter(kind=ANNUAL_REPORT).exists()


def test_a_finished_report_is_filed_with_the_isc_meeting(
    year_2024, client_as, django_capture_on_commit_callbacks
):
    meeting = factories.MeetingFactory(
        title="Autumn ISC", starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    client = client_as("mu_staff")
    year = meeting.starts_at.year - 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mel:annual_report"), {"year": year, "language": "fr"})
    report = ReportRequest.objects.get(kind=ANNUAL_REPORT)
    assert report.status == "done"
    url = reverse("mel:file_annual_report", args=[report.code, "isc_meeting"])

    wrong = client.post(url, {"target": "00000000-0000-0000-0000-000000000000"})
    assert wrong.status_code == 302 and not MeetingPaper.objects.exists()
    assert client_as("hub_staff_mena").post(url, {"target": str(meeting.code)}).status_code == 404

    client.post(url, {"target": str(meeting.code)})

    paper = MeetingPaper.objects.get(meeting=meeting)
    assert paper.file.read(4) == b"%PDF"
    assert str(year) in paper.title
