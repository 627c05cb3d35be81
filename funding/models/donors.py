"""Donors: partners that give, and how each may be named in public."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Organisation


class DonorQuerySet(models.QuerySet):
    def named(self):
        return self.filter(naming=Donor.Naming.NAMED)

    def anonymous(self):
        return self.filter(naming=Donor.Naming.ANONYMOUS)


class Donor(models.Model):
    class Naming(models.TextChoices):
        NAMED = "named", _("Named")
        CATEGORY = "category", _("By category only")
        ANONYMOUS = "anonymous", _("Anonymous")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="donor",
        verbose_name=_("organisation"),
    )
    naming = models.CharField(
        _("public naming"),
        max_length=10,
        choices=Naming.choices,
        default=Naming.NAMED,
        help_text=_(
            "How the donor may be named in public: by name, by its category only "
            "(for example “a foundation”), or not at all (summed as anonymous)."
        ),
    )
    since = models.PositiveSmallIntegerField(_("donor since (year)"), null=True, blank=True)

    objects = DonorQuerySet.as_manager()

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def is_anonymous(self) -> bool:
        return self.naming == self.Naming.ANONYMOUS

    def public_name(self) -> str:
        """The donor as the public may see it: its name, its category, or "Anonymous"."""
        if self.naming == self.Naming.NAMED:
            return str(self.organisation)
        if self.naming == self.Naming.CATEGORY:
            return str(self.organisation.get_kind_display())
        return str(_("Anonymous donors"))
