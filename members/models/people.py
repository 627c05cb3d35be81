"""People the network knows and the local governments they act for."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .places import LocalGovernment


class Person(models.Model):
    """Someone the network knows: an official, an ISC member, an expert, a contact."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Another gender")
        UNDISCLOSED = "undisclosed", _("Prefers not to say")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.UNDISCLOSED
    )
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    erased_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Records others need (terms, minutes) keep pointing to this person."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        permissions = [
            (
                "link_person_account",
                _("Can change which user account a person is linked to"),
            )
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("a former member"))
        return self.full_name


class OfficialQuerySet(models.QuerySet):
    def reachable(self):
        """Active officials whose person is linked to an active account: the people a city's
        emails and reminders go to."""
        return self.filter(is_active=True, person__user__isnull=False, person__user__is_active=True)


class Official(models.Model):
    """A person acting for a local government; a person may act for several."""

    class Role(models.TextChoices):
        MAYOR = "mayor", _("Mayor or head of the local government")
        FOCAL_POINT = "focal_point", _("Focal point")
        STAFF = "staff", _("Other staff")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="officials", verbose_name=_("person")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="officials",
        verbose_name=_("local government"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["local_government__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "local_government", "role"], name="official_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.local_government.name}"


class ActingClaim(models.Model):
    """A person asks to act for a local government already known; staff confirm it first."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="acting_claims",
        verbose_name=_("user"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="acting_claims",
        verbose_name=_("local government"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Official.Role.choices)
    position = models.CharField(_("position"), max_length=200)
    note = models.TextField(_("note to the Management Unit"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("request to act for a city")
        verbose_name_plural = _("requests to act for a city")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_government"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_user_and_city",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.local_government.name} ({self.get_status_display()})"
