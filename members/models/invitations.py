"""Invitations city officials send to colleagues, so they ask to act for the city."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .places import LocalGovernment


class Invitation(models.Model):
    """An email inviting a colleague to ask to act for a city; it grants nothing itself.

    Kept so that a city's invitations can be limited per day, and so that the email is
    sent once (``sent_at`` is set by the run that sends it).
    """

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("local government"),
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8)
    message = models.TextField(_("note"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["local_government", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.local_government.name}"
