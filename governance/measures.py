"""What MEL counts from governance data (``scn_portal.mel.registry``): the ISC's seats at
the end of a period, the share of them held by a region, and the ISC meetings held; the
ISC's section of the annual progress report, and its meetings as the place where a finished
report is filed (as a meeting paper)."""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.measures import in_scope
from scn_portal.mel.periods import Period
from scn_portal.mel.registry import (
    HUB,
    REGION,
    Destination,
    Measure,
    ReportSection,
    register_destination,
    register_measure,
    register_report_section,
)

from .models import IscTerm, Meeting
from .services.meetings import add_paper


def isc_seats(period: Period, filters: dict):
    """The ISC terms running on the last day of the period (one per seat held)."""
    return in_scope(IscTerm.objects.current(period.end), filters, "local_government__")


def _largest_region(period: Period) -> int | None:
    held = Counter(
        IscTerm.objects.current(period.end).values_list("local_government__region", flat=True)
    )
    return held.most_common(1)[0][0] if held else None


def region_share_seats(period: Period, filters: dict):
    """The seats of the region(s) asked about; for the whole network, those of the region
    holding the most (the share the ISC keeps under its ceiling)."""
    if filters:
        return isc_seats(period, filters)
    return IscTerm.objects.current(period.end).filter(
        local_government__region=_largest_region(period)
    )


def region_share(period: Period, filters: dict) -> Decimal:
    total = IscTerm.objects.current(period.end).count()
    if not total:
        return Decimal(0)
    held = region_share_seats(period, filters).count()
    return (Decimal(held) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def meetings_held(period: Period, filters: dict):
    """Meetings that started in the period, up to now (one planned for later is not held)."""
    until = min(period.ends_at, timezone.now())
    return Meeting.objects.filter(starts_at__gte=period.starts_at, starts_at__lt=until)


ISC = register_report_section(
    ReportSection(code="isc", title=_("International Steering Committee"), order=20)
).code

register_measure(
    Measure(
        key="governance.isc_seats",
        label=_("ISC seats held at the end of the period"),
        records=isc_seats,
        dimensions=(REGION, HUB),
        section=ISC,
        order=10,
        by_region=True,
    )
)
register_measure(
    Measure(
        key="governance.isc_region_share",
        label=_("Share of ISC seats held by a region (%); the largest share for the network"),
        records=region_share_seats,
        value=region_share,
        dimensions=(REGION, HUB),
        section=ISC,
        order=20,
    )
)
register_measure(
    Measure(
        key="governance.meetings_held",
        label=_("ISC meetings held in the period"),
        records=meetings_held,
        section=ISC,
        order=30,
        listed=True,
    )
)


def _meetings_of(year: int) -> list[tuple[str, str]]:
    """The meetings a year's report may be presented at: from that year to the next."""
    meetings = Meeting.objects.filter(starts_at__year__in=(year, year + 1)).order_by("starts_at")
    return [(str(m.code), str(m)) for m in meetings]


def _file_as_paper(*, code: str, title: str, content: bytes, filename: str, actor):
    from django.core.files.base import ContentFile

    meeting = Meeting.objects.filter(code=code).first()
    if meeting is None:
        raise LookupError(code)
    return add_paper(
        meeting=meeting, title=title, file=ContentFile(content, name=filename), actor=actor
    )


register_destination(
    Destination(
        key="isc_meeting",
        label=_("ISC meeting"),
        choices=_meetings_of,
        attach=_file_as_paper,
    )
)
