"""Staff schedule ISC meetings in the admin: a time needs its time zone, papers are PDFs,
and a year with fewer than two meetings is flagged."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.errors import GovernanceError
from governance.models import AgendaItem, Meeting, MeetingPaper
from governance.selectors.meetings import local_start, years_with_too_few_meetings
from governance.services import meetings as meeting_services
from tests import factories

ADD = "admin:governance_meeting_add"


def inline(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def meeting_form(**overrides) -> dict:
    data = {
        "title_en": "Autumn meeting",
        "local_start_0": "2026-10-14",
        "local_start_1": "10:00",
        "time_zone": "America/New_York",
        "duration_minutes": "120",
        "format": "virtual",
        "place": "",
        "link": "https://meet.example.org/isc",
        **inline("agenda_items", 1),
        "agenda_items-0-order": "1",
        "agenda_items-0-title_en": "Welcome",
        **inline("papers"),
        **inline("attendance"),
    }
    data.update(overrides)
    return data


def test_a_meeting_time_is_stored_in_utc_from_its_local_time_and_zone(client_as, mu_staff):
    response = client_as("mu_staff").post(reverse(ADD), meeting_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime.datetime(2026, 10, 14, 14, 0, tzinfo=datetime.UTC)
    assert meeting.time_zone == "America/New_York"
    assert meeting.created_by == mu_staff
    assert AgendaItem.objects.get(meeting=meeting).title_en == "Welcome"
    # Edited again, the form shows the local time, not UTC.
    page = client_as("mu_staff").get(reverse("admin:governance_meeting_change", args=[meeting.pk]))
    assert 'value="10:00:00"' in page.content.decode()


def test_a_meeting_time_without_a_time_zone_is_refused(client_as):
    response = client_as("mu_staff").post(reverse(ADD), meeting_form(time_zone=""))
    assert response.status_code == 200
    assert "Give the meeting&#x27;s time zone" in response.content.decode()
    assert not Meeting.objects.exists()
    with pytest.raises(GovernanceError, match="time zone"):
        meeting_services.meeting_start(local=datetime.datetime(2026, 5, 1, 10), time_zone="")


def test_a_local_time_that_does_not_exist_is_refused(db):
    # Clocks go from 02:00 to 03:00 in New York on 8 March 2026.
    with pytest.raises(GovernanceError, match="does not exist"):
        meeting_services.meeting_start(
            local=datetime.datetime(2026, 3, 8, 2, 30), time_zone="America/New_York"
        )
    with pytest.raises(GovernanceError, match="is not a time zone"):
        meeting_services.meeting_start(
            local=datetime.datetime(2026, 3, 8, 2, 30), time_zone="Mars/Olympus"
        )


def test_schedule_meeting_service(mu_staff):
    meeting = meeting_services.schedule_meeting(
        title="Spring",
        local=datetime.datetime(2026, 4, 20, 9, 30),
        time_zone="Asia/Kolkata",
        format="in_person",
        place="Mumbai",
        agenda=["Welcome", "Strategy"],
        actor=mu_staff,
    )
    assert meeting.starts_at == datetime.datetime(2026, 4, 20, 4, 0, tzinfo=datetime.UTC)
    local = local_start(meeting)
    assert (local.hour, local.minute, local.tzinfo) == (9, 30, zoneinfo.ZoneInfo("Asia/Kolkata"))
    assert list(meeting.agenda_items.values_list("title_en", flat=True)) == ["Welcome", "Strategy"]


def with_paper(content: bytes, name: str = "paper.pdf") -> dict:
    return meeting_form(
        **inline("papers", 1),
        **{
            "papers-0-title": "Annual report",
            "papers-0-file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


def test_a_pdf_paper_is_accepted(client_as):
    response = client_as("mu_staff").post(reverse(ADD), with_paper(factories.PDF_BYTES))
    assert response.status_code == 302
    paper = MeetingPaper.objects.get()
    assert paper.file.name.endswith(".pdf") and "paper" not in paper.file.name.split("/")[-1]


def test_a_paper_that_is_not_a_pdf_is_refused_whatever_its_name(client_as):
    response = client_as("mu_staff").post(
        reverse(ADD), with_paper(b"MZ\x90\x00 not a pdf", name="looks-fine.pdf")
    )
    assert response.status_code == 200
    assert "The file is not a PDF document" in response.content.decode()
    assert not Meeting.objects.exists() and not MeetingPaper.objects.exists()


def test_a_paper_over_20_mb_is_refused(db):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(GovernanceError, match="at most 20 MB"):
        meeting_services.check_paper_file(big)


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


@time_machine.travel(at(2026, 5, 10), tick=False)
def test_staff_are_warned_when_a_year_has_fewer_than_two_meetings(client_as):
    factories.MeetingFactory(starts_at=at(2026, 3, 1))
    factories.MeetingFactory(starts_at=at(2027, 2, 1))
    page = client_as("mu_staff").get(reverse("admin:governance_meeting_changelist"))
    html = page.content.decode()
    assert "2026 has 1 ISC meeting scheduled" in html
    assert "2027 has 1 ISC meeting scheduled" in html
    factories.MeetingFactory(starts_at=at(2026, 11, 1))
    html = client_as("mu_staff").get(reverse("admin:governance_meeting_changelist")).content
    assert "2026 has" not in html.decode()


@time_machine.travel(at(2026, 5, 10), tick=False)
def test_a_year_without_any_meeting_is_flagged(db):
    assert years_with_too_few_meetings() == [(2026, 0)]


@pytest.mark.parametrize("persona", ["official_of_rabat", "isc_member", "hub_staff_mena"])
def test_only_staff_reach_the_meetings_admin(client_as, persona):
    response = client_as(persona).get(reverse("admin:governance_meeting_changelist"))
    assert response.status_code in (302, 403)
