import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportRequest(models.Model):
    """One request for a PDF report, rendered in the background by a Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="report_requests",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["requested_by", "-requested_at"]),
            models.Index(fields=["status", "started_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language}) {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:detail", kwargs={"code": self.code})

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
