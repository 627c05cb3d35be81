"""ISC members and staff see meetings and papers in the portal, in their time zones, and
take them to their calendars; nobody else sees that the pages exist."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import ics
from governance.models import MeetingPaper
from tests import factories

JUNE_15_14H_UTC = datetime.datetime(2026, 6, 15, 14, 0, tzinfo=datetime.UTC)
READERS = ["isc_member", "mu_staff"]
OTHERS = ["official_of_rabat", "official_of_other_city", "hub_staff_mena", "expert"]


@pytest.fixture
def meeting(db):
    meeting = factories.MeetingFactory(
        title_en="Summer meeting, Rabat; 2026",
        starts_at=JUNE_15_14H_UTC,
        time_zone="America/New_York",
        place="City Hall, New York",
        link="https://meet.example.org/isc",
    )
    factories.AgendaItemFactory(meeting=meeting, title_en="Youth engagement")
    return meeting


@pytest.fixture
def paper(meeting):
    paper = MeetingPaper(meeting=meeting, title="Budget 2026 / draft: «confidential»")
    paper.file.save("x.pdf", ContentFile(factories.PDF_BYTES), save=False)
    paper.save()
    return paper


def urls(meeting, paper):
    return [
        reverse("governance:meeting_list"),
        reverse("governance:meeting_detail", kwargs={"code": meeting.code}),
        reverse("governance:meeting_ics", kwargs={"code": meeting.code}),
        reverse("governance:paper_download", kwargs={"code": paper.code}),
    ]


@pytest.mark.parametrize("persona", READERS)
def test_isc_members_and_staff_see_meetings_and_papers(client_as, persona, meeting, paper):
    client = client_as(persona)
    for url in urls(meeting, paper):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("governance:meeting_list")).content.decode()
    assert "Youth engagement" in page
    assert reverse("governance:paper_download", kwargs={"code": paper.code}) in page


@pytest.mark.parametrize("persona", OTHERS)
def test_everyone_else_gets_404(client_as, persona, meeting, paper):
    client = client_as(persona)
    for url in urls(meeting, paper):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(client, meeting, paper):
    for url in urls(meeting, paper):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_a_paper_downloads_as_an_attachment_with_a_safe_name(client_as, paper):
    response = client_as("isc_member").get(
        reverse("governance:paper_download", kwargs={"code": paper.code})
    )
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="budget-2026-draft-confidential.pdf"'
    assert b"".join(response.streaming_content) == factories.PDF_BYTES


def test_a_meeting_shows_its_local_time_and_utc_and_a_chosen_zone(client_as, meeting):
    client = client_as("isc_member")
    page = client.get(reverse("governance:meeting_list")).content.decode()
    assert "June 15, 2026, 10 a.m." in page and "(America/New_York)" in page
    assert "14:00 UTC" in page
    response = client.post(reverse("governance:meeting_time_zone"), {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    page = client.get(reverse("governance:meeting_list")).content.decode()
    assert "June 15, 2026, 11 p.m. in Asia/Tokyo" in page
    # An unknown zone is refused and the choice is kept.
    client.post(reverse("governance:meeting_time_zone"), {"time_zone": "Mars/Olympus"})
    assert client.session["governance.display_time_zone"] == "Asia/Tokyo"


def test_changing_the_display_zone_needs_a_post(client_as):
    response = client_as("isc_member").get(reverse("governance:meeting_time_zone"))
    assert response.status_code == 405


def parse(body: str) -> list[str]:
    """Unfold content lines (RFC 5545 §3.1)."""
    return body.replace("\r\n ", "").split("\r\n")


def test_the_meeting_calendar_file_is_valid_ics(client_as, meeting):
    response = client_as("isc_member").get(
        reverse("governance:meeting_ics", kwargs={"code": meeting.code})
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content.decode()
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = parse(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "BEGIN:VEVENT" in lines and "END:VEVENT" in lines
    assert f"UID:isc-meeting-{meeting.code}@127.0.0.1" in lines
    assert "DTSTART:20260615T140000Z" in lines
    assert "DTEND:20260615T160000Z" in lines
    assert "SUMMARY:Summer meeting\\, Rabat\\; 2026" in lines
    assert "LOCATION:City Hall\\, New York" in lines
    assert "URL:https://meet.example.org/isc" in lines
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines)


def test_long_lines_are_folded_without_breaking_characters(db):
    line = "SUMMARY:" + "اجتماع اللجنة التوجيهية الدولية " * 5
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_the_personal_feed_works_without_sign_in_at_its_secret_address(client, meeting, isc_member):
    url = ics.feed_url(isc_member).removeprefix("http://127.0.0.1:8000")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:isc-meeting-{meeting.code}@127.0.0.1" in parse(response.content.decode())


def test_a_bad_or_foreign_feed_token_is_404(client, meeting, isc_member, official_of_rabat):
    token = ics.feed_token(isc_member)
    assert (
        client.get(reverse("governance:meeting_feed", kwargs={"token": token + "x"})).status_code
        == 404
    )
    assert client.get(reverse("governance:meeting_feed", kwargs={"token": "1"})).status_code == 404
    # A valid signature for someone who does not sit on the ISC gives nothing either.
    other = ics.feed_token(official_of_rabat)
    assert (
        client.get(reverse("governance:meeting_feed", kwargs={"token": other})).status_code == 404
    )


def test_the_feed_stops_when_the_term_ends(client, meeting, isc_member):
    url = reverse("governance:meeting_feed", kwargs={"token": ics.feed_token(isc_member)})
    term = isc_member.person.isc_terms.get()
    term.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    term.starts_on = term.ends_on - datetime.timedelta(days=700)
    term.save()
    assert client.get(url).status_code == 404


def the_meetings_list_queries(client, n: int) -> int:
    for _ in range(n):
        meeting = factories.MeetingFactory()
        factories.AgendaItemFactory(meeting=meeting)
        factories.make_minutes(meeting, items=1, status="circulated")
        paper = MeetingPaper(meeting=meeting, title="Paper")
        paper.file.save("x.pdf", ContentFile(factories.PDF_BYTES), save=False)
        paper.save()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("governance:meeting_list")).status_code == 200
    return len(queries)


def test_the_meetings_list_takes_as_many_queries_for_3_meetings_as_for_12(client_as):
    client = client_as("isc_member")
    client.get(reverse("governance:meeting_list"))  # warm the session
    small = the_meetings_list_queries(client, 3)
    large = the_meetings_list_queries(client, 9)
    assert small == large
    assert large <= 15
