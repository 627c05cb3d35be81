from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderDelivery(models.Model):
    """What one reminder rule sent, to whom, for which occasion, and how it went.

    The unique constraint on (rule, occasion, recipient) is what guarantees a
    reminder is never sent twice for the same occasion, even when two runs overlap.
    """

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    rule = models.CharField(_("rule"), max_length=80)
    occasion = models.CharField(_("occasion"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reminder_deliveries",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("first attempt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "occasion", "email"], name="reminder_once_per_occasion"
            )
        ]
        # A wave writes a row per email (25,000 at once): the admin's list reads the latest
        # first, and the work queue the few that failed, without scanning every row.
        indexes = [
            models.Index(fields=["created_at", "id"], name="reminder_delivery_by_time"),
            models.Index(
                fields=["created_at", "id"],
                name="reminder_delivery_failed",
                condition=models.Q(status="failed"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} → {self.email} ({self.occasion})"
