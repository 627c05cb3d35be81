from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, Region


class Hub(models.Model):
    """A regional hub: a small team in the field, hosted by a partner or contracted."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    regions = models.ManyToManyField(
        Region, related_name="hubs", blank=True, verbose_name=_("regions covered")
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_hubs",
        verbose_name=_("host organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("regional hub")
        verbose_name_plural = _("regional hubs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HubStaff(models.Model):
    """A user who works for a hub; they see their hub's region only."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_assignments"
    )

    class Meta:
        verbose_name = _("hub staff member")
        verbose_name_plural = _("hub staff")
        constraints = [models.UniqueConstraint(fields=["hub", "user"], name="hub_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.hub}"
