"""The figures the dashboards show: each indicator's value for a period (from its snapshot
when the period has one, computed now otherwise), its target and status, and the link to
the records behind it. A fixed number of queries per indicator, whatever the data size."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Indicator, RecordedValue, Snapshot, Target
from .periods import Period
from .registry import find_option, get_measure

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
STATUS_LABELS = {
    ON_TRACK: _("On track"),
    AT_RISK: _("At risk"),
    OFF_TRACK: _("Off track"),
}
# How far short of the expected progress a figure may fall and still be "at risk" (share
# of the way from the baseline to the target).
AT_RISK_MARGIN = Decimal("0.10")


@dataclass
class Figure:
    indicator: Indicator
    period: Period
    split: str
    value: Decimal | None
    target: Decimal | None
    status: str | None
    url: str
    snapshot: Snapshot | None = None
    recorded: RecordedValue | None = None
    count: int | None = None  # rows of the drill-down list

    @property
    def record_url(self) -> str:
        """Where staff record the value of a recorded indicator that has none for the
        period yet: the admin's form, the indicator, period and split filled in."""
        if self.indicator.is_computed or self.recorded is not None:
            return ""
        query = {"indicator": self.indicator.pk, "period": self.period.code}
        if self.split:
            query["disaggregation"] = self.split
        return f"{reverse('admin:mel_recordedvalue_add')}?{urlencode(query)}"

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, "")

    @property
    def shown(self) -> str:
        return shown(self.value, self.indicator.unit)


def shown(value: Decimal | None, unit: str = Indicator.Unit.NUMBER) -> str:
    if value is None:
        return "—"
    text = str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)
    if unit == Indicator.Unit.PERCENTAGE:
        return f"{text} %"
    if unit == Indicator.Unit.USD:
        return f"USD {text}"
    return text


def elapsed(period: Period, today=None) -> Decimal:
    """How much of ``period`` has passed (1 once it has ended)."""
    today = today or timezone.localdate()
    if today > period.end:
        return Decimal(1)
    if today < period.start:
        return Decimal(0)
    days = (period.end - period.start).days + 1
    return Decimal((today - period.start).days + 1) / days


def status_of(indicator: Indicator, value, target, *, fraction: Decimal = Decimal(1)):
    """On track when the figure has gone at least as far from the baseline towards the
    target as the time passed; at risk within a tenth of the way short; off track beyond."""
    if value is None or target is None:
        return None
    baseline = indicator.baseline_value
    if baseline is None or baseline == target:
        baseline = Decimal(0) if indicator.direction == Indicator.Direction.HIGHER else target
    if indicator.direction == Indicator.Direction.LOWER:
        # The target is a ceiling: at or under it is on track.
        if value <= target:
            return ON_TRACK
        span = abs(baseline - target) or abs(target) or Decimal(1)
        return AT_RISK if (value - target) / span <= AT_RISK_MARGIN else OFF_TRACK
    span = target - baseline
    if span <= 0:
        return ON_TRACK if value >= target else OFF_TRACK
    expected = baseline + span * fraction
    if value >= expected:
        return ON_TRACK
    return AT_RISK if (expected - value) / span <= AT_RISK_MARGIN else OFF_TRACK


def live_url(indicator: Indicator, period: Period, split: str) -> str:
    url = reverse("mel:live_records", kwargs={"code": indicator.code, "period": period.code})
    return f"{url}?{urlencode({'split': split})}" if split else url


def figures(indicators, period: Period, split: str = "") -> list[Figure]:
    """Each indicator's figure for ``period`` and ``split`` (``""`` is the whole network).

    A snapshot's figure for a period that has one; otherwise the measure computed now
    (a recorded indicator: the value staff recorded). Five queries, then one or two per
    indicator computed now.
    """
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    snapshots = {
        s.indicator_id: s
        for s in Snapshot.objects.filter(
            indicator__in=ids, period=period.code, disaggregation=split
        ).latest_revisions()
    }
    recorded = {
        r.indicator_id: r
        for r in RecordedValue.objects.filter(
            indicator__in=ids, period=period.code, disaggregation=split
        )
    }
    targets = {
        t.indicator_id: t.value for t in Target.objects.filter(indicator__in=ids, year=period.year)
    }
    fraction = elapsed(Period(period.year))
    option = find_option(split)
    filters = option.filters() if option else {}
    out = []
    for indicator in indicators:
        snapshot, row, value, url, count = snapshots.get(indicator.pk), None, None, "", None
        if indicator.is_computed and snapshot is not None:
            value, url, count = (
                snapshot.value,
                snapshot.get_absolute_url(),
                len(snapshot.record_ids),
            )
        elif indicator.is_computed:
            measure = get_measure(indicator.measure)
            if measure is not None and (not split or split.split(":")[0] in measure.dimensions):
                value, record_ids = measure.compute(period, indicator.scoped(filters))
                url, count = live_url(indicator, period, split), len(record_ids)
        else:
            row = recorded.get(indicator.pk)
            if row is not None:
                value = row.value
                url = reverse("admin:mel_recordedvalue_change", args=[row.pk])
        target = targets.get(indicator.pk) if not split else None
        out.append(
            Figure(
                indicator=indicator,
                period=period,
                split=split,
                value=value,
                target=target,
                status=status_of(indicator, value, target, fraction=fraction),
                url=url,
                snapshot=snapshot,
                recorded=row,
                count=count,
            )
        )
    return out
