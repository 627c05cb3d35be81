"""The Technical Support Fund: rounds with their envelope and rubric, the applications of
member cities, their review, the approved grants and what is delivered and reported.

Every state change goes through ``funding.services.fund``; the models only declare what
the database itself can hold (amounts above zero, one review per reviewer, one score per
criterion).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Expert
from hubs.models import Activity, Hub
from members.models import LocalGovernment, StrategicPriority

# Amounts in US dollars: a decimal with cents, never a float.
USD = {"max_digits": 14, "decimal_places": 2}
# A reviewer scores each criterion of the rubric from 0 to MAX_SCORE.
MAX_SCORE = 5


def fund_report_path(instance, filename: str) -> str:
    return f"fund/reports/{uuid.uuid4().hex}.pdf"


class SupportKind(models.Model):
    """The kind of support the fund pays for (tailored training, other capacity building):
    seeded records staff edit, not the five types of support donors fund."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("kind of fund support")
        verbose_name_plural = _("kinds of fund support")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class FundRoundQuerySet(models.QuerySet):
    def open_on(self, day):
        """Rounds taking applications on ``day`` (a rolling window has no closing date)."""
        return self.filter(opens_on__lte=day).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=day)
        )


class FundRound(models.Model):
    """A call for applications (or a rolling window) with its budget envelope in USD."""

    class Kind(models.TextChoices):
        ROUND = "round", _("Round with a closing date")
        ROLLING = "rolling", _("Rolling window")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ROUND)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), null=True, blank=True, help_text=_("Empty for a rolling window.")
    )
    envelope_usd = models.DecimalField(_("budget envelope (USD)"), **USD)
    priorities = models.ManyToManyField(
        StrategicPriority,
        related_name="fund_rounds",
        blank=True,
        verbose_name=_("eligible strategic priorities"),
    )
    support_kinds = models.ManyToManyField(
        SupportKind,
        related_name="rounds",
        blank=True,
        verbose_name=_("eligible kinds of support"),
    )
    final_report_days = models.PositiveSmallIntegerField(
        _("final report due (days after the end of the support)"), default=60
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FundRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund round")
        verbose_name_plural = _("fund rounds")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(envelope_usd__gt=0), name="fund_round_envelope_positive"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="fund_round_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)

    def committed_usd(self) -> Decimal:
        """What approvals commit of the envelope (approved, in delivery or closed)."""
        total = self.applications.filter(status__in=FundApplication.COMMITTED).aggregate(
            total=Sum("approved_usd")
        )["total"]
        return total or Decimal("0")

    def remaining_usd(self) -> Decimal:
        return self.envelope_usd - self.committed_usd()


class RubricCriterion(models.Model):
    """One criterion of a round's review rubric; its weight counts in the weighted score."""

    round = models.ForeignKey(
        FundRound, on_delete=models.CASCADE, related_name="rubric", verbose_name=_("round")
    )
    title = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("guidance for reviewers"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="fund_criterion_weight_positive")
        ]

    def __str__(self) -> str:
        return self.title


class FundApplication(models.Model):
    """A city's application to the fund; its status moves only through the services."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SCREENED = "screened", _("Screened")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        IN_DELIVERY = "in_delivery", _("In delivery")
        CLOSED = "closed", _("Closed")

    S = Status
    TRANSITIONS: dict[str, set[str]] = {
        S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
        S.SUBMITTED: {S.SCREENED, S.DECLINED, S.DRAFT, S.WITHDRAWN},
        S.SCREENED: {S.IN_REVIEW, S.DECLINED, S.WITHDRAWN},
        S.IN_REVIEW: {S.APPROVED, S.DECLINED, S.WITHDRAWN},
        S.APPROVED: {S.IN_DELIVERY},
        S.IN_DELIVERY: {S.CLOSED},
        S.DECLINED: set(),
        S.WITHDRAWN: set(),
        S.CLOSED: set(),
    }
    # Statuses whose approved amount counts against the round's envelope.
    COMMITTED = (S.APPROVED, S.IN_DELIVERY, S.CLOSED)
    # Statuses in which the city may still withdraw.
    WITHDRAWABLE = (S.DRAFT, S.SUBMITTED, S.SCREENED, S.IN_REVIEW)
    del S

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        FundRound, on_delete=models.PROTECT, related_name="applications", verbose_name=_("round")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="fund_applications",
        verbose_name=_("local government"),
    )
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_applications",
        verbose_name=_("regional hub"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("the need"), blank=True)
    priorities = models.ManyToManyField(
        StrategicPriority,
        related_name="fund_applications",
        blank=True,
        verbose_name=_("strategic priorities served"),
    )
    support_kind = models.ForeignKey(
        SupportKind,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("kind of support"),
    )
    other_cities = models.ManyToManyField(
        LocalGovernment,
        related_name="fund_applications_involved_in",
        blank=True,
        verbose_name=_("other member cities involved"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    requested_usd = models.DecimalField(_("requested budget (USD)"), null=True, blank=True, **USD)
    in_kind_needs = models.TextField(_("in-kind needs"), blank=True)
    screening_note = models.TextField(_("screening: eligibility and alignment"), blank=True)
    approved_usd = models.DecimalField(_("approved amount (USD)"), null=True, blank=True, **USD)
    conditions = models.TextField(_("conditions"), blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    activities = models.ManyToManyField(
        Activity,
        related_name="fund_grants",
        blank=True,
        verbose_name=_("activities delivering the grant"),
    )
    experts = models.ManyToManyField(
        Expert,
        related_name="fund_grants",
        blank=True,
        verbose_name=_("experts engaged from the pool"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")
        ordering = ["-created_at", "pk"]
        # The admin and the fund's lists read applications latest first; the work queue
        # reads the submitted ones waiting to be screened, the longest waiting first.
        indexes = [
            models.Index(fields=["-created_at", "id"], name="fund_application_latest"),
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status="submitted"),
                name="fund_application_to_screen",
            ),
        ]
        permissions = [
            ("screen_fundapplication", _("Can screen fund applications")),
            ("decide_fundapplication", _("Can approve or decline fund applications")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_usd__isnull=True) | Q(requested_usd__gt=0),
                name="fund_application_requested_positive",
            ),
            models.CheckConstraint(
                condition=Q(approved_usd__isnull=True) | Q(approved_usd__gt=0),
                name="fund_application_approved_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.local_government})"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class FundTransition(models.Model):
    """One move of an application's status: who, when, why (the city reads the reasons)."""

    application = models.ForeignKey(
        FundApplication, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=FundApplication.Status.choices)
    to_status = models.CharField(max_length=20, choices=FundApplication.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("fund application status change")
        verbose_name_plural = _("fund application status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class FundReview(models.Model):
    """A reviewer's review of one application: the declaration of conflicts of interest
    comes first; a conflicted reviewer neither sees the scores nor scores."""

    application = models.ForeignKey(
        FundApplication, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="fund_reviews",
        verbose_name=_("reviewer"),
    )
    conflicted = models.BooleanField(_("conflict of interest"), null=True, blank=True)
    conflict_note = models.TextField(_("conflict of interest: details"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("fund review")
        verbose_name_plural = _("fund reviews")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="fund_review_one_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"


class FundScore(models.Model):
    review = models.ForeignKey(FundReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        RubricCriterion,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="fund_score_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=MAX_SCORE), name="fund_score_within_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class ApprovalAmendment(models.Model):
    """A change of an approved amount after the decision, with its reason."""

    application = models.ForeignKey(
        FundApplication, on_delete=models.PROTECT, related_name="amendments"
    )
    previous_usd = models.DecimalField(_("previous amount (USD)"), **USD)
    new_usd = models.DecimalField(_("new amount (USD)"), **USD)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("amendment of an approved amount")
        verbose_name_plural = _("amendments of approved amounts")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.previous_usd} → {self.new_usd}"


class Disbursement(models.Model):
    """Money paid out of an approved grant; never more than the approved amount in all."""

    application = models.ForeignKey(
        FundApplication, on_delete=models.PROTECT, related_name="disbursements"
    )
    amount_usd = models.DecimalField(_("amount (USD)"), **USD)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_usd__gt=0), name="fund_disbursement_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount_usd} USD ({self.paid_on})"


class Milestone(models.Model):
    """A step of the delivery of an approved grant (a training held, a plan adopted)."""

    application = models.ForeignKey(
        FundApplication, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class FundReport(models.Model):
    """An interim or final report the city owes on its grant, and what it submitted."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report")
        FINAL = "final", _("Final report")

    application = models.ForeignKey(
        FundApplication, on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    summary = models.TextField(_("what was done and learned"), blank=True)
    file = models.FileField(_("report (PDF)"), upload_to=fund_report_path, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("fund report")
        verbose_name_plural = _("fund reports")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="fund_report_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.application}"
