"""What the network convenes: activities from Global Summits to webinars, their documents,
the people registered (and waiting) for a seat, and the cities invited.

Times are stored in UTC with the time zone where the activity is set; the seat limit is
kept by ``hubs.services.activities`` in the transaction (the activity row is locked).
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models.meetings import validate_time_zone
from members.models import LocalGovernment, Region, StrategicPriority

from .hubs import Hub


class ActivityQuerySet(models.QuerySet):
    def public(self):
        """Shown on the public calendar: public, and neither planned-only nor cancelled."""
        return self.filter(visibility=Activity.Visibility.PUBLIC).exclude(
            status__in=[Activity.Status.PLANNED, Activity.Status.CANCELLED]
        )

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now())

    def organised_by_staff_of(self, user):
        """The activities of the active hubs ``user`` works for."""
        return self.filter(hub__staff__user=user, hub__status="active")

    def update(self, **kwargs):
        """Django's ``update``, keeping each registration's copy of its activity's end
        (``Registration.activity_ends_at``) when the end changes."""
        if "ends_at" not in kwargs:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))
            changed = super().update(**kwargs)
            Registration.objects.using(self.db).filter(activity_id__in=ids).update(
                activity_ends_at=Subquery(
                    Activity.objects.using(self.db)
                    .filter(pk=OuterRef("activity_id"))
                    .values("ends_at")[:1]
                )
            )
        return changed


class Activity(models.Model):
    class Kind(models.TextChoices):
        GLOBAL_SUMMIT = "global_summit", _("Global Summit")
        REGIONAL_WORKSHOP = "regional_workshop", _("Regional workshop or exchange")
        NATIONAL_WORKSHOP = "national_workshop", _("National workshop or exchange")
        TRANS_REGIONAL_EXCHANGE = (
            "trans_regional_exchange",
            _("Trans-regional workshop or exchange"),
        )
        MAYORAL_INITIATIVE = "mayoral_initiative", _("Mayoral leadership initiative")
        TRAINING = "training", _("Training")
        BRIEFING = "briefing", _("Briefing")
        WEBINAR = "webinar", _("Webinar")
        CIVIC_EVENT = "civic_event", _("Civic event")
        MEETING = "meeting", _("Meeting")

    class Organiser(models.TextChoices):
        CENTRAL = "central", _("The Management Unit")
        HUB = "hub", _("A regional hub")
        PARTNER = "partner", _("A partner")

    class Audience(models.TextChoices):
        MAYORS = "mayors", _("Mayors")
        OFFICIALS = "officials", _("City officials")
        PRACTITIONERS = "practitioners", _("Local practitioners")
        OPEN = "open", _("Everyone interested")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for registration")
        FULL = "full", _("Full")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.REGIONAL_WORKSHOP
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser = models.CharField(
        _("organised by"), max_length=10, choices=Organiser.choices, default=Organiser.CENTRAL
    )
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("hub"),
        help_text=_("The hub that organises it, or whose region it serves."),
    )
    partner_name = models.CharField(
        _("partner"),
        max_length=200,
        blank=True,
        help_text=_("The partner organisation that organises it, if a partner does."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("region"),
        help_text=_("Leave empty for an activity open to the whole network."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("Where the activity's time is set, e.g. Africa/Casablanca."),
    )
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    priorities = models.ManyToManyField(
        StrategicPriority,
        blank=True,
        related_name="activities",
        verbose_name=_("strategic priorities"),
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.OFFICIALS
    )
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty when seats are unlimited.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("E.g. English, Arabic.")
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=200,
        blank=True,
        help_text=_("The languages interpreted into, if any."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at"]
        indexes = [
            # The calendar and the admin list read activities in time order.
            models.Index(fields=["starts_at", "id"], name="activity_starts_at"),
            # The activities that have ended (the work queue's attendance to record), read
            # from the index alone.
            models.Index(fields=["ends_at", "id"], include=["status"], name="activity_ends_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("The activity must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(organiser="hub") | Q(hub__isnull=False),
                name="activity_hub_organiser_has_hub",
                violation_error_message=_("Choose the hub that organises the activity."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if not adding and (update_fields is None or "ends_at" in update_fields):
            # Each registration keeps a copy of the end (see Registration.activity_ends_at).
            self.registrations.exclude(activity_ends_at=self.ends_at).update(
                activity_ends_at=self.ends_at
            )


def activity_document_path(instance, filename: str) -> str:
    return f"activity-documents/{uuid.uuid4().hex}.pdf"


class ActivityDocument(models.Model):
    """A document or output of an activity: a PDF, public or for participants and staff."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        OUTPUT = "output", _("Output")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file (PDF)"), upload_to=activity_document_path)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public documents of a public activity may be read by anyone."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity document")
        verbose_name_plural = _("activity documents")
        ordering = ["activity", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class RegistrationQuerySet(models.QuerySet):
    def holding_seats(self):
        """Registered, or offered a seat not yet answered: the seats taken."""
        return self.filter(status__in=[Registration.Status.REGISTERED, Registration.Status.OFFERED])

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    """A person's place at an activity: a seat, a place on the wait-list, or an offer."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the wait-list")
        OFFERED = "offered", _("Offered a seat")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activity_registrations",
        verbose_name=_("participant"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_registrations",
        verbose_name=_("city"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    dietary_needs = models.CharField(_("dietary needs"), max_length=250, blank=True)
    access_needs = models.CharField(_("access needs"), max_length=250, blank=True)
    interpretation_language = models.CharField(
        _("interpretation into"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    offers_made = models.PositiveSmallIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    over_capacity = models.BooleanField(_("seated beyond capacity"), default=False)
    over_capacity_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seated beyond capacity by"),
    )
    over_capacity_reason = models.CharField(_("why beyond capacity"), max_length=250, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    # A copy of the activity's end, kept by Activity.save and ActivityQuerySet.update, and
    # that end again while the seat's attendance waits to be recorded: the work queue
    # finds the registrations still waiting after their activity from one index of their
    # own, however many activities have ended, and PostgreSQL knows from this column's
    # statistics how few they are.
    activity_ends_at = models.DateTimeField(_("activity ends at"), editable=False)
    attendance_due_at = models.GeneratedField(
        expression=Case(
            When(Q(status="registered", attended__isnull=True), then=F("activity_ends_at")),
            default=None,
        ),
        output_field=models.DateTimeField(null=True),
        db_persist=True,
        verbose_name=_("attendance to record since"),
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["activity", "created_at", "pk"]
        indexes = [
            # The admin lists the latest registrations first.
            models.Index(fields=["created_at", "id"], name="registration_created_at"),
            # The work queue's "attendance to record": the few registrations still
            # waiting for it after their activity ended, whatever the number of
            # registrations ever made or of activities held.
            models.Index(
                fields=["attendance_due_at", "activity"],
                condition=Q(attendance_due_at__isnull=False),
                name="registration_unrecorded",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=~Q(status="cancelled"),
                name="registration_once_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="registration_offer_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.activity.title}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "activity" in update_fields:
            self.activity_ends_at = self.activity.ends_at
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "activity_ends_at"}
        super().save(*args, **kwargs)


class ActivityInvitation(models.Model):
    """A city invited to an activity; its officials are emailed once (``sent_at``)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="invitations")
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="activity_invitations",
        verbose_name=_("city"),
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity invitation")
        verbose_name_plural = _("activity invitations")
        ordering = ["activity", "local_government"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "local_government"], name="activity_invitation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_government} → {self.activity.title}"
