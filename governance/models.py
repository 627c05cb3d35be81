"""The International Steering Committee: its seats, terms and co-chairs; the pool of experts.

The rules (25 seats at most on any day, eligible member cities, two co-chairs from
different regions) are enforced by ``governance.services`` inside a transaction that
holds the committee's lock, so two staff members saving at once cannot break them.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, Person, Region, StrategicPriority
from members.validators import validate_language_codes


class IscSettings(models.Model):
    """The committee's configurable numbers (one row). Its row is also the appointment lock."""

    max_seats = models.PositiveSmallIntegerField(
        _("seats at most"), default=25, validators=[MinValueValidator(1)]
    )
    term_years = models.PositiveSmallIntegerField(
        _("default term (years)"), default=2, validators=[MinValueValidator(1)]
    )
    max_region_share = models.PositiveSmallIntegerField(
        _("largest share of seats for one region (%)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The composition page warns when a region holds more than this share."),
    )

    class Meta:
        verbose_name = _("ISC settings")
        verbose_name_plural = _("ISC settings")

    def __str__(self) -> str:
        return str(_("ISC settings"))

    @classmethod
    def load(cls) -> "IscSettings":
        """The settings; the defaults (unsaved) until staff save them. Reading never writes."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class IscRegionTarget(models.Model):
    """The geographic-diversity target: how many seats a region should hold."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="isc_target", verbose_name=_("region")
    )
    target_seats = models.PositiveSmallIntegerField(_("target seats"), default=1)

    class Meta:
        verbose_name = _("ISC regional target")
        verbose_name_plural = _("ISC regional targets")
        ordering = ["region__order"]

    def __str__(self) -> str:
        return f"{self.region}: {self.target_seats}"


class IscTermQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)

    def overlapping(self, starts_on, ends_on):
        return self.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)


class Term(models.Model):
    """What every term on the committee has: its dates, the term it renews (so who sat
    when is kept), and who recorded it when. Subclasses add the person and the city."""

    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    appointed_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    objects = IscTermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.person} ({self.local_government.name}) {self.starts_on}–{self.ends_on}"


class IscTerm(Term):
    """One term of one person on the ISC, acting for a member city.

    A renewal is a new term that points to the previous one, so who sat when is kept.
    """

    class Capacity(models.TextChoices):
        MAYOR = "mayor", _("Mayor")
        LOCAL_LEADER = "local_leader", _("Other local leader")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="isc_terms", verbose_name=_("person")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="isc_terms",
        verbose_name=_("local government"),
    )
    capacity = models.CharField(
        _("sits as"), max_length=20, choices=Capacity.choices, default=Capacity.MAYOR
    )

    class Meta(Term.Meta):
        verbose_name = _("ISC term")
        verbose_name_plural = _("ISC terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="isc_term_ends_after_start",
                violation_error_message=_("A term must end after it starts."),
            )
        ]


class CoChairTerm(Term):
    """A co-chair's term, appointed by the members; two at a time, from different regions."""

    class Method(models.TextChoices):
        ONLINE_VOTE = "online_vote", _("Online vote of members")
        SUMMIT = "summit", _("Decision at a Global Summit")
        ISC_MEETING = "isc_meeting", _("Decision at an ISC meeting")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="co_chair_terms", verbose_name=_("person")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="co_chair_terms",
        verbose_name=_("local government"),
    )
    decided_on = models.DateField(_("decided on"))
    method = models.CharField(_("how the members decided"), max_length=20, choices=Method.choices)
    result = models.TextField(_("result"), help_text=_("E.g. the votes cast for and against."))

    class Meta(Term.Meta):
        verbose_name = _("co-chair term")
        verbose_name_plural = _("co-chair terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="co_chair_term_ends_after_start",
                violation_error_message=_("A term must end after it starts."),
            )
        ]


class Expert(models.Model):
    class Profile(models.TextChoices):
        LEADER = "leader", _("Current or former local-government leader")
        PRACTITIONER = "practitioner", _("Practitioner")
        STAKEHOLDER = "stakeholder", _("External stakeholder")

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="expert", verbose_name=_("person")
    )
    profile = models.CharField(_("profile"), max_length=20, choices=Profile.choices)
    expertise = models.TextField(_("areas of expertise"), blank=True)
    priorities = models.ManyToManyField(
        StrategicPriority, blank=True, related_name="experts", verbose_name=_("priorities")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="experts", verbose_name=_("regions")
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("ISO 639-1 codes, e.g. fr, ar."),
    )
    availability = models.TextField(
        _("availability"), blank=True, help_text=_("E.g. free in March; two days a month.")
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return str(self.person)


# --- Terms of reference ---------------------------------------------------------------


class TermsOfReferenceQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(effective_on__lte=on).order_by("-effective_on").first()


class TermsOfReference(models.Model):
    """A version of the ISC's terms of reference; the one in force is public."""

    label = models.CharField(_("version"), max_length=60, unique=True)
    effective_on = models.DateField(_("effective on"), unique=True)
    text = models.TextField(_("text"))

    objects = TermsOfReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("ISC terms of reference")
        verbose_name_plural = _("ISC terms of reference")
        ordering = ["-effective_on"]

    def __str__(self) -> str:
        return self.label


# --- Meetings ---------------------------------------------------------------------------


def validate_time_zone(value: str) -> None:
    import zoneinfo

    from django.core.exceptions import ValidationError

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


# --- The personal calendar feed ---------------------------------------------------------


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


# --- Minutes ------------------------------------------------------------------------------


class Minutes(models.Model):
    """The minutes of a meeting, one version; published versions are never edited.

    Draft → circulated for review (with a deadline) → approved → published. A correction
    of published minutes is a new version (``previous``) with a change note.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    class ApprovedBy(models.TextChoices):
        CO_CHAIRS = "co_chairs", _("By the co-chairs")
        NEXT_MEETING = "next_meeting", _("At the next meeting")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    change_note = models.TextField(_("change note"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    review_deadline = models.DateTimeField(_("review deadline"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_how = models.CharField(
        _("approved"), max_length=12, choices=ApprovedBy.choices, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-meeting__starts_at", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"


class MinutesItem(models.Model):
    """What the minutes say about one agenda item (translatable)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("minutes of an agenda item")
        verbose_name_plural = _("minutes of the agenda items")
        ordering = ["agenda_item__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], name="minutes_item_once_per_agenda_item"
            )
        ]

    def __str__(self) -> str:
        return str(self.agenda_item)


class MinutesReview(models.Model):
    """An ISC member's overall answer on circulated minutes."""

    class Verdict(models.TextChoices):
        NO_COMMENTS = "no_comments", _("No comments")
        APPROVE = "approve", _("Approve")
        COMMENTED = "commented", _("Commented")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("answer"), max_length=12, choices=Verdict.choices)
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("minutes review")
        verbose_name_plural = _("minutes reviews")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.get_verdict_display()}"


class MinutesComment(models.Model):
    """A reviewer's comment on one agenda item of circulated minutes, and how it was resolved."""

    class Resolution(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        CHANGED = "changed", _("Changed")
        DECLINED = "declined", _("Declined")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Resolution.choices, default=Resolution.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Working groups and the pool of experts ---------------------------------------------


class WorkingGroup(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    priorities = models.ManyToManyField(
        StrategicPriority, blank=True, related_name="working_groups", verbose_name=_("priorities")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    convenors = models.ManyToManyField(
        Person, blank=True, related_name="convened_groups", verbose_name=_("convenors")
    )

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["topic"]

    def __str__(self) -> str:
        return self.topic


class WorkingGroupMembership(models.Model):
    """A local leader or practitioner in a working group, for a city (member or not)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACCEPTED = "accepted", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="group_memberships")
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name=_("for the city"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="working_group_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.group}"


class ExpertEngagement(models.Model):
    class Kind(models.TextChoices):
        ADVICE = "advice", _("Advice")
        PEER_LEARNING = "peer_learning", _("Peer-learning facilitation")
        TRAINING = "training", _("Training delivery")
        TECHNICAL_SUPPORT = "technical_support", _("Technical support")

    class For(models.TextChoices):
        MANAGEMENT_UNIT = "management_unit", _("The Management Unit")
        HUB = "hub", _("A regional hub")
        ISC = "isc", _("The ISC")
        CITY = "city", _("A city")

    expert = models.ForeignKey(
        "Expert", on_delete=models.PROTECT, related_name="engagements", verbose_name=_("expert")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    engaged_for = models.CharField(_("for"), max_length=20, choices=For.choices)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert_engagements",
        verbose_name=_("city"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("expert engagement")
        verbose_name_plural = _("expert engagements")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="expert_engagement_ends_after_start",
                violation_error_message=_("An engagement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(engaged_for="city", local_government__isnull=False)
                    | (~Q(engaged_for="city") & Q(local_government__isnull=True))
                ),
                name="expert_engagement_city_if_for_a_city",
                violation_error_message=_(
                    "Name the city for an engagement with a city, and only then."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} — {self.get_kind_display()}"


class WorkingGroupMeeting(models.Model):
    """A meeting of a working group: when, where, and what came of it."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    format = models.CharField(_("format"), max_length=10, choices=Meeting.Format.choices)
    place = models.CharField(_("place"), max_length=250, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("working group meeting")
        verbose_name_plural = _("working group meetings")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.group}: {self.title}"
