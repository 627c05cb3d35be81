"""Membership, its history of decisions, and the commitment to the guiding principles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scn_portal.web.bidi import arrow

from ..validators import commitment_letter_path, validate_pdf
from .choices import MembershipStatus
from .network import GuidingPrinciple, MembershipTerms, PrincipleVersion


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.MEMBER)

    def open_applications(self):
        return self.filter(status__in=Membership.OPEN_APPLICATION)

    def submitted_applications(self):
        """Open applications staff have received: under review, found ineligible, or sent
        back to the applicant for more information (a draft never submitted is not one)."""
        S = Membership.Status
        # The first condition says nothing new; it lets PostgreSQL read the open
        # applications in submission order from their partial index
        # (``membership_open_applications``) instead of sorting every one of them.
        return self.open_applications().filter(
            models.Q(status__in=(S.UNDER_REVIEW, S.INELIGIBLE))
            | models.Q(status=S.APPLICANT, submitted_at__isnull=False)
        )


class Membership(models.Model):
    """A local government's standing in the network; changed only through the services.

    The allowed moves are ``TRANSITIONS``; ``members.services.memberships.transition`` refuses any
    other and records every move (who, when, why) as a ``MembershipTransition``.
    """

    Status = MembershipStatus

    S = Status
    TRANSITIONS: dict[str, set[str]] = {
        S.PROSPECT: {S.APPLICANT},
        S.APPLICANT: {S.UNDER_REVIEW, S.INELIGIBLE, S.WITHDRAWN},
        S.UNDER_REVIEW: {S.MEMBER, S.REJECTED, S.INELIGIBLE, S.APPLICANT, S.WITHDRAWN},
        S.INELIGIBLE: {S.UNDER_REVIEW, S.APPLICANT, S.REJECTED},
        S.MEMBER: {S.SUSPENDED, S.WITHDRAWN, S.LAPSED},
        S.SUSPENDED: {S.MEMBER, S.WITHDRAWN, S.LAPSED},
        S.LAPSED: {S.APPLICANT, S.MEMBER},
        S.WITHDRAWN: {S.APPLICANT},
        S.REJECTED: {S.APPLICANT},
    }
    # Statuses in which an application is open (a second one is refused).
    OPEN_APPLICATION = (S.APPLICANT, S.UNDER_REVIEW, S.INELIGIBLE)
    del S

    local_government = models.OneToOneField(
        "members.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="membership",
        verbose_name=_("local government"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROSPECT
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    terms = models.ForeignKey(
        MembershipTerms,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("terms of reference accepted"),
    )
    application_step = models.PositiveSmallIntegerField(_("application step"), default=0)
    application_started_at = models.DateTimeField(_("application started"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application started by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["local_government__name"]
        permissions = [
            ("decide_membership", _("Can approve, reject and suspend memberships")),
        ]
        indexes = [
            # The applications waiting for a decision, in the order they came in: the staff
            # work queue counts them (from the index alone) and shows the oldest on every
            # visit. At 25,000 cities some 1,300 wait; the open-applications index
            # (migration 0011) also holds the drafts and the ineligible, and counting them
            # from it read and threw away as many rows again.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(status="under_review"),
                name="membership_under_review",
            ),
        ]

    def __str__(self) -> str:
        # The label from the choices by value, translated when shown (``get_status_display``
        # would translate every label to find one; lists show this on every row).
        return f"{self.local_government}: {_STATUS_LABELS.get(self.status, self.status)}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())

    @property
    def is_open_application(self) -> bool:
        return self.status in self.OPEN_APPLICATION


class Application(Membership):
    """A membership seen as the application staff decide: the admin's "Applications" list
    (``Membership.objects.submitted_applications()``). Its permissions are the membership's."""

    class Meta:
        proxy = True
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        default_permissions = ()


# Each status's label, lazy: translated into the language of the moment it is shown.
_STATUS_LABELS = dict(MembershipStatus.choices)


class MembershipTransition(models.Model):
    """One move of a membership's status: who, when, why. Never edited."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=Membership.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Membership.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["membership", "-at"])]

    def __str__(self) -> str:
        # Labels, never codes; the arrow points the way the language reads.
        return f"{self.get_from_status_display()} {arrow()} {self.get_to_status_display()}"


class Commitment(models.Model):
    """A local government's commitment to every principle of one version."""

    class SignatoryRole(models.TextChoices):
        MAYOR = "mayor", _("Mayor or head of the local government")
        DELEGATE = "delegate", _("Delegate of the mayor")

    local_government = models.ForeignKey(
        "members.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("local government"),
    )
    version = models.ForeignKey(
        PrincipleVersion,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("principles version"),
    )
    principles = models.ManyToManyField(
        GuidingPrinciple, related_name="commitments", verbose_name=_("principles agreed")
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200)
    signatory_title = models.CharField(_("signatory's title"), max_length=200)
    signatory_role = models.CharField(
        _("signatory's authority"), max_length=10, choices=SignatoryRole.choices
    )
    delegation_note = models.TextField(
        _("delegation"),
        blank=True,
        help_text=_("Required when a delegate signs: who delegated the authority, and how."),
    )
    signed_on = models.DateField(_("signed on"))
    letter = models.FileField(
        _("signed letter (PDF)"),
        upload_to=commitment_letter_path,
        blank=True,
        validators=[validate_pdf],
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment to the guiding principles")
        verbose_name_plural = _("commitments to the guiding principles")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(signatory_role="delegate") | ~models.Q(delegation_note=""),
                name="commitment_delegate_has_delegation_note",
                violation_error_message=_("Explain the delegation when a delegate signs."),
            ),
            models.UniqueConstraint(
                fields=["local_government", "version"],
                name="one_commitment_per_city_and_version",
                violation_error_message=_(
                    "This local government has already committed to this version."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_government.name} — {self.version}"
