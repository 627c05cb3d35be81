"""Taking the period's figures (snapshots) and recording values.

Who may call: the beat task takes the first snapshot of each closed period; a re-run is
Management Unit staff's (the view checks ``mel.rerun_snapshot``). Both write audit entries.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation

from scn_portal.audit.events import audit_event

from .defaults import link_default_indicators, seed_default_indicators
from .models import Indicator, RecordedValue, Snapshot, Target
from .periods import Period
from .registry import dimension_options, get_measure, split_code


def _priority_model():
    # The ground floor names no app: the priority is the model the indicator points to.
    return Indicator._meta.get_field("priority").related_model


def ensure_default_indicators() -> dict[str, int]:
    """Create the network's default indicators that are missing (a database emptied, a
    test after a transactional one) and link each of a priority to the priority recorded
    with its number. Idempotent; what staff changed in an existing indicator stands. Called
    by the demo; not by anything routine, so an indicator staff deleted stays deleted."""
    with transaction.atomic(), audit_event("default_indicators_seeded"):
        created, linked = seed_default_indicators(Indicator, Target, _priority_model())
    return {"created": created, "linked": linked}


def link_indicators_to_priorities() -> int:
    """Link the default indicators of a priority that have none to the priority recorded
    with their number since (staff added the priorities after the indicators were seeded);
    return how many. Idempotent; a link staff set or changed is left as it is."""
    with transaction.atomic(), audit_event("default_indicators_seeded"):
        return link_default_indicators(Indicator, _priority_model())


def splits(indicator: Indicator) -> list[tuple[str, dict]]:
    """Each split of an indicator's figure the portal computes: the whole network (``""``)
    and one per option of each dimension the indicator and its measure both support."""
    measure = get_measure(indicator.measure)
    out = [("", {})]
    if measure is None:
        return out
    for dimension in indicator.disaggregations:
        if dimension not in measure.dimensions:
            continue
        for option in dimension_options(dimension):
            out.append((split_code(dimension, option.code), option.filters()))
    return out


def _take(indicator, period: Period, code: str, filters: dict, *, revision: int, actor, reason):
    measure = get_measure(indicator.measure)
    value, ids = measure.compute(period, indicator.scoped(filters))
    return Snapshot.objects.create(
        indicator=indicator,
        period=period.code,
        disaggregation=code,
        revision=revision,
        value=value,
        record_model=measure.model_label(period),
        record_ids=ids,
        taken_by=actor,
        reason=reason,
    )


def take_snapshots(*, period: Period, indicators=None) -> list[Snapshot]:
    """Take the first snapshot of each computed indicator's figures for ``period``.

    Idempotent: a figure already taken is left as it is (so a past figure stays as
    reported whatever changes later); a second run takes only what is missing. An
    indicator whose measure is no longer registered is skipped.
    """
    indicators = indicators or Indicator.objects.filter(
        is_active=True, source=Indicator.Source.COMPUTED
    )
    taken = []
    for indicator in indicators:
        if get_measure(indicator.measure) is None:
            continue
        existing = set(
            Snapshot.objects.filter(indicator=indicator, period=period.code).values_list(
                "disaggregation", flat=True
            )
        )
        for code, filters in splits(indicator):
            if code in existing:
                continue
            try:
                with transaction.atomic(), audit_event("indicator_snapshots_taken"):
                    taken.append(
                        _take(indicator, period, code, filters, revision=1, actor=None, reason="")
                    )
            except IntegrityError:
                # Another run took it in the meantime: it stands.
                continue
    return taken


@dataclass
class Difference:
    disaggregation: str
    before: Snapshot | None
    after: Snapshot
    added: list[int]
    removed: list[int]

    @property
    def change(self) -> Decimal:
        return self.after.value - (self.before.value if self.before else Decimal(0))


@transaction.atomic
def rerun_snapshots(
    *, indicator: Indicator, period: Period, actor, reason: str
) -> list[Difference]:
    """Take the indicator's figures for ``period`` again as a new revision, keeping the
    earlier ones, and return what changed. The caller checks that ``actor`` may."""
    if get_measure(indicator.measure) is None:
        raise ValueError(indicator.measure)
    # Holding the indicator's row makes two re-runs at once number their revisions in turn.
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    latest = {
        snap.disaggregation: snap
        for snap in Snapshot.objects.filter(
            indicator=indicator, period=period.code
        ).latest_revisions()
    }
    revision = (
        Snapshot.objects.filter(indicator=indicator, period=period.code).aggregate(
            top=Max("revision")
        )["top"]
        or 0
    ) + 1
    differences = []
    with audit_event("indicator_snapshot_rerun"):
        for code, filters in splits(indicator):
            after = _take(
                indicator, period, code, filters, revision=revision, actor=actor, reason=reason
            )
            differences.append(difference(latest.get(code), after))
    return differences


def difference(before: Snapshot | None, after: Snapshot) -> Difference:
    """What changed from one revision of a figure to a later one."""
    old = set(before.record_ids) if before else set()
    new = set(after.record_ids)
    return Difference(after.disaggregation, before, after, sorted(new - old), sorted(old - new))


def record_value(
    *,
    indicator: Indicator,
    period: Period,
    value: Decimal,
    source: str,
    note: str = "",
    disaggregation: str = "",
    actor,
) -> RecordedValue:
    """Record (or correct) the value of a recorded indicator for a period."""
    with transaction.atomic(), audit_event("indicator_value_recorded"):
        row, _created = RecordedValue.objects.update_or_create(
            indicator=indicator,
            period=period.code,
            disaggregation=disaggregation,
            defaults={"value": value, "source": source, "note": note, "recorded_by": actor},
        )
    return row


def save_recorded_value(*, row: RecordedValue, actor) -> RecordedValue:
    """Save a value staff entered or corrected in the admin, naming who recorded it."""
    with transaction.atomic(), audit_event("indicator_value_recorded"):
        row.recorded_by = actor
        row.save()
    return row


def request_annual_report(*, year: int, language: str, actor):
    """Queue the annual progress report of ``year`` in ``language`` (``request_report``
    checks that ``actor`` may, and how many reports they asked for this hour)."""
    from scn_portal.reports.services import request_report

    from .reports import ANNUAL_REPORT

    return request_report(
        kind=ANNUAL_REPORT, language=language, actor=actor, parameters={"year": int(year)}
    )


class CannotFile(Exception):
    pass


def file_report(*, report, destination_key: str, target: str, actor):
    """File a finished annual report where it is presented (an ISC meeting's papers).

    The caller checks that ``actor`` may; refused (``CannotFile``) for a report not done,
    another kind of report, or a place the destination does not offer for its year."""
    from scn_portal.reports import registry as report_kinds

    from .registry import get_destination
    from .reports import ANNUAL_REPORT

    destination = get_destination(destination_key)
    if destination is None or report.kind != ANNUAL_REPORT or report.status != "done":
        raise CannotFile(destination_key)
    year = int(report.parameters.get("year", 0))
    if target not in dict(destination.choices(year)):
        raise CannotFile(target)
    kind = report_kinds.get(ANNUAL_REPORT)
    with report.file.open("rb") as handle:
        content = handle.read()
    with translation.override(report.language):
        title = f"{kind.title} {year}"
    return destination.attach(
        code=target,
        title=title,
        content=content,
        filename=kind.filename(report.language),
        actor=actor,
    )
