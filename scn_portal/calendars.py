"""Calendar files (RFC 5545), written with the ``icalendar`` package.

One helper for every app: an event is described by ``CalendarEvent`` (start and end as
aware datetimes, the time zone where it is set); ``calendar_file`` writes a calendar of
such events with the ``VTIMEZONE`` of each zone used, so a calendar application shows the
event at the right hour wherever its reader is, across changes of the clocks. Folding,
escaping and line ends are the package's.
"""

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Strong Cities Network//SCN Portal//EN"


@dataclass
class CalendarEvent:
    uid: str  # unique and stable for the event (a record's code), without the host
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "scn-portal"


def calendar_file(events: Iterable[CalendarEvent], *, name: str) -> bytes:
    """A calendar of ``events`` named ``name``, as the bytes of an ``.ics`` file."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC)
    for item in events:
        zone = zoneinfo.ZoneInfo(item.time_zone or "UTC")
        event = icalendar.Event()
        event.add("uid", f"{item.uid}@{host()}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(zone))
        event.add("dtend", item.ends_at.astimezone(zone))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.cancelled:
            event.add("status", "CANCELLED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
