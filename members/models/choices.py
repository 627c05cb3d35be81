"""Choices more than one model module asks about, kept apart so those modules need not
import each other (``Membership.Status`` is this one)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    PROSPECT = "prospect", _("Engaged non-member")
    APPLICANT = "applicant", _("Applicant")
    UNDER_REVIEW = "under_review", _("Under review")
    MEMBER = "member", _("Member")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed")
    REJECTED = "rejected", _("Rejected")
    INELIGIBLE = "ineligible", _("Ineligible")
