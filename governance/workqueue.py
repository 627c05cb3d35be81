"""What waits for the ISC secretariat: minutes to circulate, minutes under review with
their deadline and open comments, ISC terms ending within 90 days and not renewed."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.workqueue.registry import Line, register_line

from .models import IscTerm, Minutes, MinutesComment

TERMS_ENDING_WITHIN = datetime.timedelta(days=90)


def minutes_to_circulate(user):
    return (
        Minutes.objects.filter(status=Minutes.Status.DRAFT)
        .select_related("meeting")
        .order_by("meeting__starts_at", "version", "pk")
    )


def minutes_under_review(user):
    """Circulated minutes, the nearest deadline first, with their open comments."""
    return (
        Minutes.objects.filter(status=Minutes.Status.CIRCULATED)
        .select_related("meeting")
        .annotate(
            n_open=Count("comments", filter=Q(comments__resolution=MinutesComment.Resolution.OPEN))
        )
        .order_by("review_deadline", "pk")
    )


def terms_ending(user):
    today = timezone.localdate()
    return (
        IscTerm.objects.filter(ends_on__gte=today, ends_on__lte=today + TERMS_ENDING_WITHIN)
        .filter(renewal__isnull=True)
        .select_related("person", "local_government")
        .order_by("ends_on", "pk")
    )


register_line(
    Line(
        code="governance.minutes_to_circulate",
        order=50,
        title=_("Minutes to circulate"),
        items=minutes_to_circulate,
        row_template="governance/workqueue/_minutes.html",
        may_see=is_mu_staff,
        all_url=lambda: reverse("admin:governance_minutes_changelist") + "?status__exact=draft",
    )
)
register_line(
    Line(
        code="governance.minutes_under_review",
        order=60,
        title=_("Minutes under review"),
        items=minutes_under_review,
        row_template="governance/workqueue/_minutes_review.html",
        may_see=is_mu_staff,
        all_url=lambda: (
            reverse("admin:governance_minutes_changelist") + "?status__exact=circulated"
        ),
    )
)
register_line(
    Line(
        code="governance.terms_ending",
        order=70,
        title=_("ISC terms ending within 90 days"),
        items=terms_ending,
        row_template="governance/workqueue/_term.html",
        may_see=is_mu_staff,
        all_url=lambda: reverse("admin:governance_iscterm_changelist"),
        shows=("ends_on", "person__full_name", "person__erased_at", "local_government__name"),
    )
)
