"""The International Steering Committee, its terms, and the pool of experts.

The seat rules (25 at most, eligibility on the day of appointment, co-chairs from
different regions) are enforced by the governance services built on these records.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment, Person


class IscTermQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class IscTerm(models.Model):
    """One term of one person on the ISC, acting for a member city.

    A renewal is a new term that points to the previous one, so who sat when is kept.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="isc_terms", verbose_name=_("person")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="isc_terms",
        verbose_name=_("local government"),
    )
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

    objects = IscTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("ISC term")
        verbose_name_plural = _("ISC terms")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="isc_term_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.local_government.name}) {self.starts_on}–{self.ends_on}"


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
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return str(self.person)
