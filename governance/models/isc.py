"""The International Steering Committee: its seats, terms and co-chairs, its settings and
diversity targets, and its terms of reference.

The rules (25 seats at most on any day, eligible member cities, two co-chairs from
different regions) are enforced by ``governance.services.isc`` inside a transaction that
holds the committee's lock, so two staff members saving at once cannot break them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, Person, Region


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
    when is kept), who recorded it when, and, for a term ended before its planned end,
    why, by whom and what the planned end was. Subclasses add the person and the city.

    A term is never deleted: it is ended (``services.isc.end_isc_term``), so who sat when
    stays readable.
    """

    class EndReason(models.TextChoices):
        LEFT_OFFICE = "left_office", _("Left office in their city")
        STEPPED_DOWN = "stepped_down", _("Stepped down from the committee")
        REPLACED = "replaced", _("Replaced by another person of the city")
        NOT_MEMBER = "not_member", _("The city is no longer a member")
        OTHER = "other", _("Other reason")

    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("follows"),
        help_text=_(
            "The term before it in the same seat: the holder's own (a renewal), or that of "
            "the person they replaced."
        ),
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
    end_reason = models.CharField(
        _("ended early because"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("about the early end"), blank=True)
    planned_ends_on = models.DateField(
        _("planned end"),
        null=True,
        blank=True,
        help_text=_("Where the term was due to end before it was ended early."),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = IscTermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.person} ({self.local_government.name}) {self.starts_on}–{self.ends_on}"

    @property
    def ended_early(self) -> bool:
        return bool(self.end_reason)


def _term_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The invariants of every kind of term, named after the kind (``prefix``)."""
    return [
        models.CheckConstraint(
            condition=Q(ends_on__gt=models.F("starts_on")),
            name=f"{prefix}_ends_after_start",
            violation_error_message=_("A term must end after it starts."),
        ),
        models.CheckConstraint(
            condition=Q(end_reason="")
            | (Q(planned_ends_on__isnull=False) & Q(planned_ends_on__gte=models.F("ends_on"))),
            name=f"{prefix}_ended_early_keeps_planned_end",
            violation_error_message=_("A term ended early keeps the end it was planned to have."),
        ),
    ]


class IscTerm(Term):
    """One term of one person on the ISC, acting for a member city.

    A renewal, or the term of a person who replaces the holder, is a new term that points
    to the previous one (``previous``), so who sat when is kept.
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
        constraints = _term_constraints("isc_term")


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
        constraints = _term_constraints("co_chair_term")


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
