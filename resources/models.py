"""The digital resource hub: training tools, policies, good practices, case studies."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import StrategicPriority


class Resource(models.Model):
    class Kind(models.TextChoices):
        TRAINING_TOOL = "training_tool", _("Training tool")
        POLICY = "policy", _("Local policy")
        GOOD_PRACTICE = "good_practice", _("Good practice")
        CASE_STUDY = "case_study", _("Case study")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        STAFF = "staff", _("Staff only")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.STAFF
    )
    priorities = models.ManyToManyField(
        StrategicPriority, blank=True, related_name="resources", verbose_name=_("priorities")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title
