"""Working groups: their members and requests to join, and their meetings."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, Person, StrategicPriority

from .meetings import Meeting, validate_time_zone


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
