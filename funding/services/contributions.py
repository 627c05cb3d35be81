"""Recording what donors give: pledges and in-kind support, instalments, receipts and the
year's operating costs. The admin calls these; each checks its own rules and refuses
with a ``FundingError`` whose message says what to fix (nothing is saved then)."""

from datetime import date
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from djmoney.money import Money

from scn_portal.audit.events import audit_event

from ..errors import FundingError
from ..models import Contribution, Donor, Instalment, OperatingCost, Receipt
from .rates import check_currency, rate_for

EARMARK_FIELDS = ("support_type", "hub", "priority", "activity", "period_start", "period_end")


def check_amount(value) -> Decimal:
    """A positive amount of at most two decimals; refused otherwise."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise FundingError(
            _("“%(value)s” is not an amount.") % {"value": value}, code="invalid_amount"
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise FundingError(_("An amount must be more than zero."), code="not_positive")
    if amount != amount.quantize(Decimal("0.01")):
        raise FundingError(_("An amount has at most two decimals."), code="too_precise")
    return amount


def _fill(contribution: Contribution, *, amount, currency, pledged_on, fields: dict) -> None:
    currency = check_currency(currency)
    value = check_amount(amount)
    rate = rate_for(currency=currency, on=pledged_on)
    contribution.amount = Money(value, currency)
    contribution.pledged_on = pledged_on
    contribution.usd_rate = rate.usd_per_unit
    contribution.rate_on = rate.on
    for name, field_value in fields.items():
        setattr(contribution, name, field_value)
    if contribution.kind == Contribution.Kind.IN_KIND and not contribution.in_kind_type:
        raise FundingError(
            _("Say what kind of in-kind support it is (venue, interpretation, …)."),
            code="in_kind_type_missing",
        )
    if contribution.kind == Contribution.Kind.FINANCIAL:
        contribution.in_kind_type = ""
    start, end = contribution.period_start, contribution.period_end
    if start and end and end < start:
        raise FundingError(_("The period ends before it starts."), code="period_order")
    if contribution.activity_id:
        check_activity_earmark(contribution)


def check_activity_earmark(contribution: Contribution) -> None:
    """An activity earmark must fit the contribution's other earmarks.

    The activity takes place (its start, in its own time zone) within the contribution's
    period — from ``period_start`` and/or to ``period_end`` when given, otherwise within
    the contribution's year; it is not cancelled; and when the contribution is also
    earmarked to a hub, the activity is that hub's.
    """
    activity = contribution.activity
    held_on = activity.starts_at.astimezone(ZoneInfo(activity.time_zone)).date()
    start, end = contribution.period_start, contribution.period_end
    if start or end:
        outside = (start and held_on < start) or (end and held_on > end)
    else:
        outside = held_on.year != contribution.year
    if outside:
        raise FundingError(
            _(
                "“%(activity)s” takes place on %(day)s, outside the contribution's period "
                "(%(period)s)."
            )
            % {
                "activity": activity.title,
                "day": date_format(held_on),
                "period": (
                    f"{date_format(start) if start else '…'} – {date_format(end) if end else '…'}"
                    if start or end
                    else contribution.year
                ),
            },
            code="activity_period",
        )
    if activity.status == activity.Status.CANCELLED:
        raise FundingError(
            _("“%(activity)s” was cancelled: a contribution cannot be earmarked to it.")
            % {"activity": activity.title},
            code="activity_cancelled",
        )
    if contribution.hub_id and activity.hub_id != contribution.hub_id:
        raise FundingError(
            _(
                "“%(activity)s” is not an activity of %(hub)s, the hub the contribution is "
                "earmarked to."
            )
            % {"activity": activity.title, "hub": contribution.hub},
            code="activity_hub",
        )


@audit_event("contribution_recorded")
@transaction.atomic
def record_contribution(
    *,
    donor: Donor,
    kind: str,
    year: int,
    amount,
    currency: str,
    pledged_on: date,
    actor,
    **fields,
) -> Contribution:
    """Record a pledge (financial) or in-kind support with its estimated value.

    The rate to US dollars is the latest entered on or before ``pledged_on`` and is kept
    with the contribution. ``fields``: ``in_kind_type``, ``description``, the earmarks
    (``support_type``, ``hub``, ``priority``, ``activity``, ``period_start``,
    ``period_end``) and
    ``allow_over_receipt``. The admin checks who may.
    """
    contribution = Contribution(
        donor=donor, kind=kind, year=year, recorded_by=actor if actor else None
    )
    _fill(contribution, amount=amount, currency=currency, pledged_on=pledged_on, fields=fields)
    contribution.save()
    return contribution


@audit_event("contribution_changed")
@transaction.atomic
def change_contribution(
    *, contribution: Contribution, amount, currency: str, pledged_on: date, actor, **fields
) -> Contribution:
    """Correct a contribution; the rate is looked up again for the (new) pledge date.
    Refused when receipts would exceed the new pledge without the override."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    had_currency = str(contribution.amount.currency)
    _fill(contribution, amount=amount, currency=currency, pledged_on=pledged_on, fields=fields)
    if contribution.receipts.exists() and str(contribution.amount.currency) != had_currency:
        raise FundingError(
            _("Money has been received in %(currency)s: the currency cannot change.")
            % {"currency": had_currency},
            code="currency_locked",
        )
    received = received_total(contribution)
    if received > contribution.amount.amount and not contribution.allow_over_receipt:
        raise FundingError(
            _("%(received)s has been received already, more than the new pledge.")
            % {"received": received},
            code="over_pledge",
        )
    contribution.save()
    return contribution


def received_total(contribution: Contribution) -> Decimal:
    return contribution.receipts.aggregate(total=Sum("amount"))["total"] or Decimal(0)


@audit_event("instalment_scheduled")
@transaction.atomic
def schedule_instalment(*, contribution: Contribution, due_on: date, amount, actor) -> Instalment:
    """Add a payment to a pledge's schedule; the schedule never adds up to more than the
    pledge."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.kind != Contribution.Kind.FINANCIAL:
        raise FundingError(_("In-kind support has no instalments."), code="in_kind")
    value = check_amount(amount)
    scheduled = contribution.instalments.aggregate(total=Sum("amount"))["total"] or 0
    if scheduled + value > contribution.amount.amount:
        raise FundingError(
            _("The instalments would add up to more than the pledge (%(pledge)s).")
            % {"pledge": contribution.amount},
            code="schedule_over_pledge",
        )
    if contribution.instalments.filter(due_on=due_on).exists():
        raise FundingError(
            _("An instalment is already due on that day."), code="instalment_same_day"
        )
    return Instalment.objects.create(contribution=contribution, due_on=due_on, amount=value)


@audit_event("receipt_recorded")
@transaction.atomic
def record_receipt(
    *,
    contribution: Contribution,
    received_on: date,
    amount,
    reference: str = "",
    override: bool = False,
    actor,
) -> Receipt:
    """Record money received against a pledge, in its currency.

    More than pledged in total is refused unless ``override`` (or the contribution's
    "allow receipts above the pledge") says it is meant. The contribution is locked so
    two receipts saved at once cannot pass the pledge together.
    """
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.kind != Contribution.Kind.FINANCIAL:
        raise FundingError(_("In-kind support is not received as money."), code="in_kind")
    value = check_amount(amount)
    total = received_total(contribution) + value
    if total > contribution.amount.amount and not (override or contribution.allow_over_receipt):
        raise FundingError(
            _(
                "%(total)s %(currency)s would be received in all, more than the %(pledge)s "
                "pledged. Tick “allow receipts above the pledge” if that is meant."
            )
            % {
                "total": total,
                "currency": contribution.amount.currency,
                "pledge": contribution.amount.amount,
            },
            code="over_pledge",
        )
    return Receipt.objects.create(
        contribution=contribution, received_on=received_on, amount=value, reference=reference
    )


@audit_event("operating_costs_recorded")
@transaction.atomic
def record_operating_costs(*, year: int, amount_usd, notes: str = "", actor) -> OperatingCost:
    """Record (or correct) the operating costs of ``year`` in US dollars."""
    cost, _created = OperatingCost.objects.update_or_create(
        year=year, defaults={"amount_usd": check_amount(amount_usd), "notes": notes}
    )
    return cost


@audit_event("instalment_changed")
@transaction.atomic
def change_instalment(*, instalment: Instalment, due_on: date, amount, actor) -> Instalment:
    """Move or resize a scheduled payment; the schedule still never passes the pledge."""
    contribution = Contribution.objects.select_for_update().get(pk=instalment.contribution_id)
    value = check_amount(amount)
    others = (
        contribution.instalments.exclude(pk=instalment.pk).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    if others + value > contribution.amount.amount:
        raise FundingError(
            _("The instalments would add up to more than the pledge (%(pledge)s).")
            % {"pledge": contribution.amount},
            code="schedule_over_pledge",
        )
    instalment.due_on, instalment.amount = due_on, value
    instalment.save(update_fields=["due_on", "amount"])
    return instalment
