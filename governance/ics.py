"""Calendar files (RFC 5545) for ISC meetings: one per meeting, and a personal feed.

Written by hand rather than with a library: a VEVENT needs a handful of properties, and
the rules that matter (CRLF line ends, text escaping, lines folded at 75 octets, times
in UTC) fit in this module.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare

from .models import CalendarFeedKey, Meeting

FEED_SALT = "governance.isc-calendar-feed"
KEYED_FEED_SALT = "governance.isc-calendar-feed.keyed"
PRODID = "-//Strong Cities Network//SCN Portal ISC meetings//EN"


def escape_text(value: str) -> str:
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "scn-portal"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("governance:meeting_detail", kwargs={"code": meeting.code})


def event_lines(meeting: Meeting, *, stamp: datetime) -> list[str]:
    ends_at = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    lines = [
        "BEGIN:VEVENT",
        f"UID:isc-meeting-{meeting.code}@{_host()}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(meeting.starts_at)}",
        f"DTEND:{utc_stamp(ends_at)}",
        f"SUMMARY:{escape_text(meeting.title)}",
    ]
    location = meeting.place or meeting.link
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append(f"URL:{meeting.link or meeting_url(meeting)}")
    description = [meeting.get_format_display(), meeting_url(meeting)]
    if meeting.link:
        description.insert(1, meeting.link)
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(str(d) for d in description))}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[Meeting], *, name: str) -> str:
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines.extend(event_lines(meeting, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def meeting_calendar(meeting: Meeting) -> str:
    return calendar([meeting], name=meeting.title)


# --- The personal feed: a secret URL a calendar app can subscribe to ---------------------
#
# The token is the person's id and their feed key (``CalendarFeedKey``), signed with
# SECRET_KEY under KEYED_FEED_SALT: the same address on every visit, until the key is
# replaced, which ends every earlier address at once. A person who never replaced theirs
# has no key; their token is the id alone, signed with a timestamp under FEED_SALT (a new
# string on each visit, all valid), as given out before keys existed, so calendar
# subscriptions made then keep working until the person or staff replace the address.


def _current_key(user_id: int) -> str | None:
    return CalendarFeedKey.objects.filter(user_id=user_id).values_list("key", flat=True).first()


def feed_token(user) -> str:
    key = _current_key(user.pk)
    if key is None:
        return signing.dumps(user.pk, salt=FEED_SALT, compress=True)
    return signing.Signer(salt=KEYED_FEED_SALT).sign_object([user.pk, key], compress=True)


def _signed_id_and_key(token: str) -> tuple[int, str | None] | None:
    try:
        value = signing.Signer(salt=KEYED_FEED_SALT).unsign_object(token)
    except signing.BadSignature:
        try:
            value = signing.loads(token, salt=FEED_SALT)
        except signing.BadSignature:
            return None
    match value:
        case [int() as user_id, str() as key] if not isinstance(user_id, bool):
            return user_id, key
        case int() if not isinstance(value, bool):
            return value, None
    return None


def user_for_token(token: str):
    """The active user whose current feed address carries ``token``; None otherwise
    (a bad signature, an address replaced since, an inactive account).

    Whether the user may still read the feed (ISC seat, staff) is the caller's question.
    """
    signed = _signed_id_and_key(token)
    if signed is None:
        return None
    user_id, key = signed
    current = _current_key(user_id)
    if (current is None) != (key is None):
        return None  # an address from before the first replacement, or a key no longer stored
    if key is not None and not constant_time_compare(current, key):
        return None  # an address from before a later replacement
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def feed_url(user, *, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        path = reverse("governance:meeting_feed", kwargs={"token": feed_token(user)})
    return settings.SITE_URL + path
