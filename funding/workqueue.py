"""What waits for staff in funding: instalments past due and not received, partner
agreements ending within their renewal notice, and the Technical Support Fund's work —
applications to screen, the reviews a reviewer still owes, and grant reports overdue.

The fund's lines are scoped like its admin: Management Unit staff see every application,
hub staff their hub's only; a reviewer sees the reviews asked of them.
"""

import datetime

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff, works_for_the_network
from scn_portal.workqueue.registry import Line, register_line

from .models import Agreement, FundApplication, FundReport, FundReview, Instalment, Receipt
from .selectors.fund import visible_applications

AGREEMENTS_ENDING_WITHIN = datetime.timedelta(days=90)


def _total(queryset):
    return Subquery(
        queryset.values("contribution").annotate(total=Sum("amount")).values("total")[:1],
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def instalments_overdue(user):
    """Instalments due before today that the receipts (paying the schedule in date order)
    do not cover: the oldest first. Two queries for the line, whatever the ledger."""
    scheduled = _total(
        Instalment.objects.filter(
            contribution=OuterRef("contribution"), due_on__lte=OuterRef("due_on")
        )
    )
    received = _total(Receipt.objects.filter(contribution=OuterRef("contribution")))
    zero = Value(0, output_field=DecimalField(max_digits=16, decimal_places=2))
    return (
        Instalment.objects.filter(due_on__lt=timezone.localdate())
        # Filtered on, never shown: not read again in the page's columns.
        .alias(scheduled=scheduled, received=Coalesce(received, zero))
        .filter(received__lt=F("scheduled"))
        .select_related("contribution__donor__organisation")
        .order_by("due_on", "pk")
    )


def agreements_to_renew(user):
    """Agreements ending within 90 days, the nearest end first (the reminder keeps to
    each agreement's own notice)."""
    today = timezone.localdate()
    return (
        Agreement.objects.filter(ends_on__gte=today, ends_on__lte=today + AGREEMENTS_ENDING_WITHIN)
        .select_related("partner__organisation")
        .order_by("ends_on", "pk")
    )


register_line(
    Line(
        code="funding.instalments_overdue",
        order=80,
        title=_("Donor instalments overdue"),
        items=instalments_overdue,
        row_template="funding/workqueue/_instalment.html",
        may_see=is_mu_staff,
        all_url=lambda: reverse("funding:dashboard"),
    )
)
register_line(
    Line(
        code="funding.agreements_to_renew",
        order=85,
        title=_("Partner agreements ending within 90 days"),
        items=agreements_to_renew,
        row_template="funding/workqueue/_agreement.html",
        may_see=is_mu_staff,
        all_url=lambda: reverse("admin:funding_partner_changelist"),
    )
)


# --- The Technical Support Fund -------------------------------------------------------------

# The admin list of applications, narrowed by its "Waiting for" filter (admin/fund.py).
WAITING_PARAMETER = "waiting"


def _applications_list(waiting: str) -> str:
    return f"{reverse('admin:funding_fundapplication_changelist')}?{WAITING_PARAMETER}={waiting}"


def fund_applications_to_screen(user):
    """Submitted applications this person may screen, the longest waiting first."""
    return (
        visible_applications(user)
        .filter(status=FundApplication.Status.SUBMITTED)
        .select_related("local_government", "round")
        .order_by("submitted_at", "pk")
    )


def fund_reviews_due(user):
    """The reviews asked of this person and not given yet: the application in review,
    no conflict declared and no scores submitted; the oldest request first."""
    return (
        FundReview.objects.filter(
            reviewer=user,
            application__status=FundApplication.Status.IN_REVIEW,
            submitted_at__isnull=True,
        )
        .exclude(conflicted=True)
        .select_related("application__local_government", "application__round")
        .order_by("assigned_at", "pk")
    )


def fund_reports_overdue(user):
    """Reports of grants being delivered that are past due and not submitted, the oldest
    due first; for the applications this person may follow."""
    return (
        FundReport.objects.filter(
            application__in=visible_applications(user),
            application__status__in=(
                FundApplication.Status.APPROVED,
                FundApplication.Status.IN_DELIVERY,
            ),
            submitted_at__isnull=True,
            due_on__lt=timezone.localdate(),
        )
        .select_related("application__local_government")
        .order_by("due_on", "pk")
    )


register_line(
    Line(
        code="funding.fund_to_screen",
        order=86,
        title=_("Fund applications to screen"),
        items=fund_applications_to_screen,
        row_template="funding/workqueue/_fund_to_screen.html",
        may_see=lambda user: user.has_perm("funding.screen_fundapplication"),
        all_url=lambda: _applications_list("screening"),
        shows=("title", "submitted_at", "local_government__name", "round__title"),
    )
)
register_line(
    Line(
        code="funding.fund_reviews_due",
        order=87,
        title=_("Fund reviews you were asked for"),
        items=fund_reviews_due,
        row_template="funding/workqueue/_fund_review.html",
        may_see=works_for_the_network,
        all_url=lambda: _applications_list("my_review"),
        shows=(
            "assigned_at",
            "declared_at",
            "application__code",
            "application__title",
            "application__local_government__name",
            "application__round__title",
        ),
    )
)
register_line(
    Line(
        code="funding.fund_reports_overdue",
        order=88,
        title=_("Fund grant reports overdue"),
        items=fund_reports_overdue,
        row_template="funding/workqueue/_fund_report.html",
        may_see=lambda user: user.has_perm("funding.view_fundapplication"),
        all_url=lambda: _applications_list("report_overdue"),
        shows=("kind", "due_on", "application__title", "application__local_government__name"),
    )
)
