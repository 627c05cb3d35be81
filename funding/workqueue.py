"""What waits for the Management Unit in funding: instalments past due and not received,
and partner agreements ending within their renewal notice."""

import datetime

from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.workqueue.registry import Line, register_line

from .models import Agreement, Instalment, Receipt

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
        .annotate(scheduled=scheduled, received=Coalesce(received, zero))
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
