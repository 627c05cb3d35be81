"""The minutes of ISC meetings, their items in every language, and their review."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .meetings import AgendaItem, Meeting


class Minutes(models.Model):
    """The minutes of a meeting, one version; published versions are never edited.

    Draft → circulated for review (with a deadline) → approved → published. A correction
    of published minutes is a new version (``previous``) with a change note.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    class ApprovedBy(models.TextChoices):
        CO_CHAIRS = "co_chairs", _("By the co-chairs")
        NEXT_MEETING = "next_meeting", _("At the next meeting")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    change_note = models.TextField(_("change note"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    review_deadline = models.DateTimeField(_("review deadline"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_how = models.CharField(
        _("approved"), max_length=12, choices=ApprovedBy.choices, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-meeting__starts_at", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"


class MinutesItem(models.Model):
    """What the minutes say about one agenda item (translatable)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("minutes of an agenda item")
        verbose_name_plural = _("minutes of the agenda items")
        ordering = ["agenda_item__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "agenda_item"], name="minutes_item_once_per_agenda_item"
            )
        ]

    def __str__(self) -> str:
        return str(self.agenda_item)


class MinutesReview(models.Model):
    """An ISC member's overall answer on circulated minutes."""

    class Verdict(models.TextChoices):
        NO_COMMENTS = "no_comments", _("No comments")
        APPROVE = "approve", _("Approve")
        COMMENTED = "commented", _("Commented")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(_("answer"), max_length=12, choices=Verdict.choices)
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("minutes review")
        verbose_name_plural = _("minutes reviews")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.get_verdict_display()}"


class MinutesComment(models.Model):
    """A reviewer's comment on one agenda item of circulated minutes, and how it was resolved."""

    class Resolution(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        CHANGED = "changed", _("Changed")
        DECLINED = "declined", _("Declined")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    resolution = models.CharField(
        _("resolution"), max_length=10, choices=Resolution.choices, default=Resolution.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
