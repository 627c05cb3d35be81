"""What MEL counts from the digital resource hub (``scn_portal.mel.registry``): the
resources published in a period, in the annual report's section of its own."""

from django.utils.translation import gettext_lazy as _

from scn_portal.mel.periods import Period
from scn_portal.mel.registry import (
    Measure,
    ReportSection,
    register_measure,
    register_report_section,
)

from .models import Resource

RESOURCES = register_report_section(
    ReportSection(code="resources", title=_("Digital resource hub"), order=60)
).code


def published(period: Period, filters: dict):
    return Resource.objects.filter(published_on__gte=period.start, published_on__lte=period.end)


register_measure(
    Measure(
        key="resources.published",
        label=_("Resources published in the period"),
        records=published,
        section=RESOURCES,
        order=10,
    )
)
