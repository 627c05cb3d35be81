"""Donors now; contributions, pledges and the Technical Support Fund build on them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Organisation


class Donor(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="donor",
        verbose_name=_("organisation"),
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("An anonymous donor is never named on public pages."),
    )
    since = models.PositiveSmallIntegerField(_("donor since (year)"), null=True, blank=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)
