"""ISC meetings: their agenda, papers and attendance, and the personal calendar feed."""

import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Person


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("“%(zone)s” is not a time zone (e.g. Africa/Casablanca)."),
            code="time_zone",
            params={"zone": value},
        ) from exc


class Meeting(models.Model):
    class Format(models.TextChoices):
        VIRTUAL = "virtual", _("Virtual")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("Where the meeting's time is set, e.g. Africa/Casablanca."),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    place = models.CharField(_("place"), max_length=250, blank=True)
    link = models.URLField(_("link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ISC meeting")
        verbose_name_plural = _("ISC meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=250)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


def meeting_paper_path(instance, filename: str) -> str:
    return f"meeting-papers/{uuid.uuid4().hex}.pdf"


class MeetingPaper(models.Model):
    """A paper for a meeting: a private file, for staff and ISC members only."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file (PDF)"), upload_to=meeting_paper_path)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting paper")
        verbose_name_plural = _("meeting papers")
        ordering = ["meeting", "title"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Apologies")
        REPRESENTED = "represented", _("Represented")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=12, choices=Status.choices)
    represented_by = models.CharField(_("represented by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


def new_calendar_feed_key() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeedKey(models.Model):
    """The secret in a person's calendar feed address (signed with it: see ``governance.ics``).

    Replacing the key ends every address given out before, at once. A person without a row
    has never replaced theirs: their address is the one signed with their id alone, as
    given out before keys existed, and it works until the first replacement.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_key",
        verbose_name=_("user"),
    )
    key = models.CharField(max_length=64, default=new_calendar_feed_key, editable=False)
    replaced_at = models.DateTimeField(_("replaced at"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")

    def __str__(self) -> str:
        return str(self.user)
