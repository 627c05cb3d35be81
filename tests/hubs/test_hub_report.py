"""The hub quarterly report: help-desk volumes and response times, needs mapped, for one
hub and quarter, asked by its staff (another hub's staff are refused), in each language."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hubs.models import CapacityGap, HelpRequest, NeedsAssessment
from hubs.reports import hub_quarterly_context
from hubs.services import helpdesk as services
from scn_portal.reports.models import ReportRequest
from tests import factories


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch):
    monkeypatch.setattr(
        "scn_portal.reports.services.render_pdf", lambda **kwargs: factories.PDF_BYTES
    )


def _ask(city, official, at, subject):
    with time_machine.travel(at):
        return services.ask_help_desk(
            city=city, actor=official, category="youth", subject=subject, body="?"
        )


def test_the_report_counts_the_quarters_requests_and_how_fast_they_were_answered(
    rabat, official_of_rabat, hub_staff_mena, mena_hub
):
    april = timezone.make_aware(datetime.datetime(2026, 4, 10, 9))
    quick = _ask(rabat, official_of_rabat, april, "Quick")
    slow = _ask(rabat, official_of_rabat, april, "Slow")
    _ask(rabat, official_of_rabat, april - datetime.timedelta(days=30), "Last quarter")
    with time_machine.travel(april + datetime.timedelta(hours=10)):
        services.reply_as_staff(help_request=quick, actor=hub_staff_mena, body="Here.")
    with time_machine.travel(april + datetime.timedelta(hours=60)):
        services.reply_as_staff(help_request=slow, actor=hub_staff_mena, body="Late.")
    services.close_help_request(help_request=quick, actor=official_of_rabat, rating=4)
    assessment = NeedsAssessment.objects.create(
        local_government=rabat, assessed_on=datetime.date(2026, 5, 2)
    )
    CapacityGap.objects.create(
        assessment=assessment,
        priority=factories.StrategicPriorityFactory(),
        severity=4,
        description="No youth worker.",
    )

    context = hub_quarterly_context({"hub": "mena", "year": 2026, "quarter": 2})

    sections = {panel["code"]: panel for panel in context["panels"]}
    help_desk = sections["hubs.report_help_desk"]["figures"]
    assert help_desk["received"] == 2 and help_desk["answered"] == 2
    assert help_desk["within_target"] == 1  # 10 hours; the other took 60 of 48
    assert help_desk["average_hours"] == 35.0
    assert help_desk["closed"] == 1 and help_desk["average_rating"] == 4
    needs = sections["hubs.report_needs"]["figures"]
    assert needs["assessments"] == 1 and needs["gaps"][0]["count"] == 1
    assert HelpRequest.objects.count() == 3


def test_hub_staff_ask_for_their_hubs_report_in_arabic(client_as, mena_hub, hub_staff_mena):
    client = client_as("hub_staff_mena")
    response = client.post(
        reverse("hubs:hub_report"),
        {"hub": "mena", "year": "2026", "quarter": "2", "language": "ar"},
    )
    report = ReportRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:detail", args=[report.code])
    assert report.kind == "hub_quarterly" and report.language == "ar"
    assert report.parameters == {"hub": "mena", "year": 2026, "quarter": 2}
    assert client.get(response.url).status_code == 200


def test_another_hubs_staff_cannot_ask_for_its_report(client_as, mena_hub, hub_staff_other):
    response = client_as("hub_staff_other").post(
        reverse("hubs:hub_report"),
        {"hub": "mena", "year": "2026", "quarter": "2", "language": "en"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_a_quarter_outside_one_to_four_is_refused(client_as, mena_hub, hub_staff_mena):
    response = client_as("hub_staff_mena").post(
        reverse("hubs:hub_report"),
        {"hub": "mena", "year": "2026", "quarter": "5", "language": "en"},
    )
    assert response.status_code == 200
    assert not ReportRequest.objects.exists()


def test_the_report_renders_in_arabic_right_to_left(rabat, mena_hub):
    from django.template.loader import render_to_string
    from django.utils import translation

    from scn_portal.reports import registry
    from scn_portal.reports.rendering import render_pdf  # noqa: F401  (the real renderer)

    kind = registry.get("hub_quarterly")
    with translation.override("ar"):
        context = kind.build_context({"hub": "mena", "year": 2026, "quarter": 2})
        html = render_to_string(
            kind.template, {**context, "LANGUAGE_CODE": "ar", "LANGUAGE_BIDI": True}
        )
    assert 'dir="rtl"' in html
    assert "مكتب المساعدة" in html


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ["Help desk", "requests received", "Needs mapping"]), ("ar", ["مكتبالمساعدة"])],
)
def test_the_report_is_a_pdf_in_each_language(mena_hub, tmp_path, language, words):
    import subprocess

    from django.utils import translation

    from scn_portal.reports import registry
    from scn_portal.reports.rendering import render_pdf

    kind = registry.get("hub_quarterly")
    with translation.override(language):
        context = kind.build_context({"hub": "mena", "year": 2026, "quarter": 2})
    pdf = render_pdf(template=kind.template, context=context, language=language)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext wraps right-to-left runs in marks and may split Arabic words: compare
    # without them.
    flat = "".join(c for c in text if c not in "\u202a\u202b\u202c\u200f\u200e" and not c.isspace())
    for word in words:
        assert word.replace(" ", "") in flat, (word, text[:500])
