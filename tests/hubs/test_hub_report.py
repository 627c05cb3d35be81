"""The hub quarterly report: help-desk volumes and response times, needs mapped, for one
hub and quarter, asked by its staff (another hub's staff are refused), in each language."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hubs.models import CapacityGap, HelpRequest, NeedsAssessment, Registration
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


@pytest.fixture
def quarter_of_activities(rabat, mena_hub, balkans_hub):
    """Two activities the MENA hub held in the second quarter of 2026 (and others that do
    not count): five seats registered, three attended, one absent, one not recorded."""
    tunis = factories.LocalGovernmentFactory(name="Tunis", country="TN", region=rabat.region)

    def held(title, day, hub=mena_hub, status="held"):
        starts = timezone.make_aware(datetime.datetime(2026, *day, 9))
        return factories.ActivityFactory(
            title=title,
            hub=hub,
            organiser="hub",
            status=status,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=6),
        )

    def seat(activity, city, gender, attended, status="registered"):
        user = factories.UserFactory()
        if gender:
            factories.PersonFactory(user=user, gender=gender)
        return Registration.objects.create(
            activity=activity, user=user, local_government=city, status=status, attended=attended
        )

    exchange = held("Tunis exchange", (4, 15))
    seat(exchange, rabat, "woman", True)
    seat(exchange, rabat, "man", True)
    seat(exchange, tunis, "woman", False)
    seat(exchange, tunis, "undisclosed", None)
    training = held("Amman training", (5, 20))
    seat(training, rabat, "woman", True)
    seat(training, rabat, "man", None, status="waiting")
    seat(training, tunis, "man", None, status="cancelled")
    seat(held("Sarajevo workshop", (5, 3), hub=balkans_hub), rabat, "man", True)
    seat(held("Called-off webinar", (6, 1), status="cancelled"), rabat, "man", None)
    seat(held("Last quarter's briefing", (3, 2)), rabat, "man", True)
    return mena_hub


def test_the_report_counts_the_quarters_activities_registrations_and_participants(
    quarter_of_activities, django_assert_max_num_queries
):
    from hubs.reports import quarter_period
    from hubs.selectors.reporting import activity_figures

    period = quarter_period(quarter_of_activities, 2026, 2)
    with django_assert_max_num_queries(5):
        figures = activity_figures(period)
    assert figures["held"] == 2
    assert [a.title for a in figures["activities"]] == ["Tunis exchange", "Amman training"]
    assert [(a.registered, a.attended_count) for a in figures["activities"]] == [(4, 2), (1, 1)]
    assert (figures["registered"], figures["present"]) == (5, 3)
    assert (figures["absent"], figures["unrecorded"]) == (1, 1)
    assert figures["participants"] == 4
    assert figures["by_city"] == [{"city": "Rabat", "count": 3}, {"city": "Tunis", "count": 1}]
    genders = {str(row["gender"]): row["count"] for row in figures["by_gender"]}
    assert genders == {"Woman": 2, "Man": 1, "Another gender": 0}
    assert figures["gender_unrecorded"] == 1


def test_the_activities_figures_take_the_same_queries_for_a_busier_quarter(
    quarter_of_activities, rabat, django_assert_num_queries
):
    from hubs.reports import quarter_period
    from hubs.selectors.reporting import activity_figures

    period = quarter_period(quarter_of_activities, 2026, 2)
    with django_assert_num_queries(5):
        activity_figures(period)
    starts = timezone.make_aware(datetime.datetime(2026, 6, 10, 9))
    for _ in range(6):
        activity = factories.ActivityFactory(
            hub=quarter_of_activities,
            status="held",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
        )
        for _seat in range(3):
            city = factories.LocalGovernmentFactory(region=rabat.region)
            user = factories.UserFactory()
            factories.PersonFactory(user=user, gender="other")
            Registration.objects.create(
                activity=activity, user=user, local_government=city, status="registered"
            )
    with django_assert_num_queries(5):
        figures = activity_figures(period)
    assert figures["held"] == 8 and figures["participants"] == 22


def _pdf_text(language: str, tmp_path) -> str:
    import subprocess

    from django.utils import translation

    from scn_portal.reports import registry
    from scn_portal.reports.rendering import render_pdf

    kind = registry.get("hub_quarterly")
    with translation.override(language):
        context = kind.build_context({"hub": "mena", "year": 2026, "quarter": 2})
    pdf = render_pdf(template=kind.template, context=context, language=language)
    path = tmp_path / f"report-{language}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _flat(text: str) -> str:
    """pdftotext wraps right-to-left runs in marks and may split Arabic words: compare
    without them."""
    return "".join(c for c in text if c not in "\u202a\u202b\u202c\u200f\u200e" and not c.isspace())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            [
                "Activities",
                "activities held",
                "Participants by city",
                "Participants by gender",
                "Help desk",
                "requests received",
                "Needs mapping",
            ],
        ),
        ("ar", ["مكتبالمساعدة", "المشاركونحسبالمدينة", "المشاركونحسبالجنس"]),
    ],
)
def test_the_report_is_a_pdf_in_each_language(quarter_of_activities, tmp_path, language, words):
    flat = _flat(_pdf_text(language, tmp_path))
    for word in words:
        assert word.replace(" ", "") in flat, (word, flat[:800])
    for name in ("Rabat", "Tunis", "Tunisexchange", "Ammantraining"):
        assert name in flat
    assert "Sarajevo" not in flat and "Called-off" not in flat


def _activities_section(text: str, help_desk: str) -> str:
    """The lines after the report's heading and period, up to the help desk's section."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if "2026" in line and "1" in line) + 1
    end = next(n for n, line in enumerate(lines) if _flat(line).endswith(help_desk))
    return "\n".join(lines[start:end])


@time_machine.travel(datetime.datetime(2026, 7, 2, 8, tzinfo=datetime.UTC), tick=False)
def test_the_english_and_arabic_reports_carry_the_same_figures(quarter_of_activities, tmp_path):
    """Every number of the activities section printed in English is printed in Arabic too:
    the counts, each activity's seats and attendance, participants by city and gender."""
    import re

    english = _activities_section(_pdf_text("en", tmp_path), "Helpdesk")
    arabic = _activities_section(_pdf_text("ar", tmp_path), "مكتبالمساعدة")
    assert sorted(re.findall(r"\d+", english)) == sorted(re.findall(r"\d+", arabic))
    assert sorted(re.findall(r"\d+", english)) == sorted(
        # held, seats, attended, participants; absent, unrecorded; two activities (day,
        # year, seats, attended); Rabat, Tunis; woman, man, another gender, not recorded
        [
            *["2", "5", "3", "4", "1", "1"],
            *["15", "2026", "4", "2", "20", "2026", "1", "1"],
            *["3", "1", "2", "1", "0", "1"],
        ]
    )
