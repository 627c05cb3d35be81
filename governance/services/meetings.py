"""ISC meetings, their papers, and the personal calendar feed.

A meeting's time is given as wall-clock time where it is set and that place's time zone;
it is stored in UTC. Services do not check who may call them: the admin (Management Unit
staff) and the meetings page (``governance.replace_calendar_link``) do.
"""

import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import NotRequired, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from scn_portal.audit.events import audit_event

from ..errors import GovernanceError
from ..models import (
    AgendaItem,
    CalendarFeedKey,
    Meeting,
    MeetingPaper,
    new_calendar_feed_key,
    validate_time_zone,
)

MAX_PAPER_BYTES = 20 * 1024 * 1024

NO_TIME_ZONE = _(
    "Give the meeting's time zone (e.g. Africa/Casablanca): a meeting time without a time "
    "zone means a different hour in every city."
)


def meeting_start(*, local: datetime | None, time_zone: str | None) -> datetime:
    """The UTC instant of a meeting that starts at wall-clock ``local`` in ``time_zone``.

    Refused: no time zone (a time alone is ambiguous across 200 cities), an unknown one,
    or a local time that does not exist there (skipped when the clocks go forward).
    """
    time_zone = str(time_zone or "").strip()
    if not time_zone:
        raise GovernanceError(NO_TIME_ZONE, code="no_time_zone")
    try:
        validate_time_zone(time_zone)
    except ValidationError as exc:
        raise GovernanceError(exc.error_list) from exc
    zone = zoneinfo.ZoneInfo(time_zone)
    if local is None:
        raise GovernanceError(_("Give the meeting's start time."), code="no_start")
    if timezone.is_aware(local):
        local = timezone.make_naive(local, zone)
    aware = local.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        raise GovernanceError(
            _("%(time)s does not exist in %(zone)s (the clocks change then)."),
            code="no_such_time",
            params={"time": local.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
        )
    return aware.astimezone(UTC)


class MeetingDetails(TypedDict):
    """What staff say about a meeting when they schedule or change it."""

    title: str  # in the default language (English), which every language falls back to
    local: datetime  # wall-clock start where the meeting is set
    time_zone: str
    format: str
    place: NotRequired[str]
    link: NotRequired[str]
    duration_minutes: NotRequired[int]
    translations: NotRequired[Mapping[str, str]]  # the title in other languages, by code


def _meeting_fields(details: MeetingDetails) -> dict:
    """The meeting's field values: its start in UTC, and its title in every language given."""
    details = dict(details)
    starts_at = meeting_start(local=details.pop("local"), time_zone=details["time_zone"])
    titles = {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: details.pop("title")}
    titles |= details.pop("translations", {})
    return {
        **details,
        **{build_localized_fieldname("title", code): text for code, text in titles.items()},
        "time_zone": details["time_zone"].strip(),
        "starts_at": starts_at,
    }


@audit_event("meeting_scheduled")
@transaction.atomic
def schedule_meeting(
    *, actor, agenda: list[str] | None = None, **details: Unpack[MeetingDetails]
) -> Meeting:
    """Create a meeting (and its agenda) from a local start time and its time zone."""
    meeting = Meeting.objects.create(**_meeting_fields(details), created_by=actor)
    for order, item in enumerate(agenda or [], start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, title=item)
    return meeting


@audit_event("meeting_changed")
@transaction.atomic
def change_meeting(*, meeting: Meeting, actor, **details: Unpack[MeetingDetails]) -> Meeting:
    """Change a meeting's title, time, format or place (a moved meeting is announced again
    by the reminders, whose occasions carry its start)."""
    fields = _meeting_fields(details)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=list(fields))
    return meeting


def check_paper_file(file) -> None:
    """A paper must be a plain PDF (checked by its content, not its name) of 20 MB at most."""
    from scn_portal.uploads import check_upload

    try:
        check_upload(file, kind="pdf", max_bytes=MAX_PAPER_BYTES)
    except ValidationError as exc:
        raise GovernanceError(exc.messages[0], code=exc.error_list[0].code) from exc


@audit_event("paper_added")
@transaction.atomic
def add_paper(*, meeting: Meeting, title: str, file, actor) -> MeetingPaper:
    """A paper for ``meeting``, read by ISC members and staff only."""
    check_paper_file(file)
    return MeetingPaper.objects.create(meeting=meeting, title=title, file=file)


@audit_event("paper_changed")
@transaction.atomic
def change_paper(*, paper: MeetingPaper, title: str, file=None, actor) -> MeetingPaper:
    """A new title for a paper, and a new file if ``file`` is given (checked as a new one)."""
    paper = MeetingPaper.objects.select_for_update().get(pk=paper.pk)
    paper.title = title
    fields = ["title"]
    if file is not None:
        check_paper_file(file)
        paper.file = file
        fields.append("file")
    paper.save(update_fields=fields)
    return paper


@audit_event("calendar_link_replaced")
@transaction.atomic
def replace_calendar_feed_key(*, user, actor) -> CalendarFeedKey:
    """Give ``user`` a new calendar feed address: every earlier one answers 404 from now on.

    The caller checks who may do it (``governance.replace_calendar_link``). The audit
    trail records when and by whom, never the key.
    """
    now = timezone.now()
    feed_key, created = CalendarFeedKey.objects.select_for_update().get_or_create(
        user=user, defaults={"replaced_at": now, "replaced_by": actor}
    )
    if not created:
        feed_key.key = new_calendar_feed_key()
        feed_key.replaced_at = now
        feed_key.replaced_by = actor
        feed_key.save(update_fields=["key", "replaced_at", "replaced_by"])
    return feed_key
