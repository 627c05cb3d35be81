import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import LocalGovernment

from .hubs import Hub


class HelpRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=HelpRequest.Status.CLOSED)

    def awaiting_first_response(self):
        return self.open().filter(first_response_at__isnull=True)


class HelpRequest(models.Model):
    """A city official's question or challenge, routed to the hub that serves the city
    (``hub`` empty: the central team), answered in a thread, rated at close."""

    class Category(models.TextChoices):
        STRATEGY = "strategy", _("Local strategy or action plan")
        PREVENTION = "prevention", _("Prevention programmes and services")
        YOUTH = "youth", _("Youth engagement")
        NATIONAL_LOCAL = "national_local", _("Working with national government")
        COMMUNICATION = "communication", _("Communication and public messaging")
        INCIDENT = "incident", _("Responding to an incident or tension")
        FUNDING = "funding", _("Funding and technical support")
        NETWORK = "network", _("Taking part in the network")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        TRIAGED = "triaged", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("city"),
    )
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("regional hub"),
        help_text=_("Empty: the central team answers."),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="help_requests",
        verbose_name=_("asked by"),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_help_requests",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    first_response_due = models.DateTimeField(_("first response due"))
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("satisfaction"), null=True, blank=True, choices=[(n, str(n)) for n in range(1, 6)]
    )
    rating_comment = models.TextField(_("comment on the answer"), blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("help-desk request")
        verbose_name_plural = _("help-desk requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="help_request_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["status", "first_response_due"])]

    def __str__(self) -> str:
        return self.subject


class HelpMessage(models.Model):
    """One message of a request's thread: the city's, staff's answer, or an internal note
    (staff only, never shown to the city)."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="help_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(_("internal note"), default=False)
    from_staff = models.BooleanField(_("from staff"), default=False)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("help-desk message")
        verbose_name_plural = _("help-desk messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} · {self.created_at:%Y-%m-%d %H:%M}"


def _attachment_path(instance, filename: str) -> str:
    return f"private/helpdesk/{instance.message.request.code}/{uuid.uuid4().hex}.pdf"


class HelpAttachment(models.Model):
    """A PDF attached to a message; private, served only to whoever may read the message."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message = models.ForeignKey(HelpMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("help-desk attachment")
        verbose_name_plural = _("help-desk attachments")

    def __str__(self) -> str:
        return self.name
