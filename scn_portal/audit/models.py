from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to one audited record. Written by the registry; never edited by people.

    ``changes`` maps a field's name to ``[before, after]`` (stored values: keys of choices,
    ids of related records); the admin shows them with their labels.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")
        ERASED = "erased", _("Personal data erased")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    event = models.CharField(
        _("event"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("What happened, as the service that did it names it."),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of record")
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    source = models.CharField(
        _("through"),
        max_length=100,
        help_text=_("web, admin, task:<name> or command:<name>"),
    )
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.what_happened()}: {self.object_repr}"

    def what_happened(self) -> str:
        """The event's label when a service named one, else the action's."""
        if self.event:
            from .events import label

            return label(self.event)
        return str(self.get_action_display())
