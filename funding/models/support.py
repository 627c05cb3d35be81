"""The five types of support a donor can fund (the strategy's list), kept as data staff edit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportType(models.Model):
    """One of the types of support a donor can fund; seeded by a data migration with the
    strategy's five, translatable, and edited by staff (never deleted once used)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    funds_fund_grants = models.BooleanField(
        _("pays for the fund's grants"),
        default=False,
        help_text=_(
            "A contribution earmarked to this type pays for grants of the Technical Support "
            "Fund (the donor report lists them)."
        ),
    )

    class Meta:
        verbose_name = _("type of support")
        verbose_name_plural = _("types of support")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
