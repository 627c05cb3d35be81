"""The hub quarterly report (a PDF through the report framework, in the four languages).

Each section is a panel of the page ``HUB_QUARTERLY_REPORT`` (``scn_portal.web.panels``):
hubs registers the help desk's and needs mapping's; the activities of the quarter are
added the same way by the module that keeps them, without this one importing it. A
panel's ``context`` gets a ``HubReportPeriod`` and returns None to leave its section out.

Nobody asks for it from the generic report form (it needs a hub and a quarter): staff ask
through ``request_hub_report``, which checks that the hub is theirs.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scn_portal.accounts.rules import is_mu_staff, works_for_the_network
from scn_portal.reports.registry import ReportKind, register
from scn_portal.reports.services import ReportNotAllowed, request_report
from scn_portal.web.panels import panels

from .models import Hub
from .panels import HUB_QUARTERLY_REPORT, HubReportPeriod

HUB_QUARTERLY = "hub_quarterly"


def quarter_period(hub: Hub, year: int, quarter: int) -> HubReportPeriod:
    if not 1 <= quarter <= 4 or not 2015 <= year <= 2100:
        raise ValidationError(_("Choose a quarter from 1 to 4 of a year since 2015."))
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 3 * quarter - 2, 1, tzinfo=tz)
    end = (
        datetime.datetime(year + 1, 1, 1, tzinfo=tz)
        if quarter == 4
        else datetime.datetime(year, 3 * quarter + 1, 1, tzinfo=tz)
    )
    return HubReportPeriod(hub=hub, start=start, end=end)


def hub_quarterly_context(parameters: dict) -> dict:
    """``parameters``: ``{"hub": "<slug>", "year": 2026, "quarter": 2}``."""
    hub = Hub.objects.get(slug=parameters["hub"])
    period = quarter_period(hub, int(parameters["year"]), int(parameters["quarter"]))
    return {
        "hub": hub,
        "period": period,
        "quarter": int(parameters["quarter"]),
        "year": int(parameters["year"]),
        "title": _("%(hub)s: quarterly report") % {"hub": hub.name},
        "panels": panels(HUB_QUARTERLY_REPORT, period),
        "generated_at": timezone.now(),
    }


register(
    ReportKind(
        code=HUB_QUARTERLY,
        title=gettext_lazy("Hub quarterly report"),
        template="print/hub_quarterly.html",
        build_context=hub_quarterly_context,
        may_request=works_for_the_network,
        in_request_form=False,
    )
)


def request_hub_report(*, hub: Hub, year: int, quarter: int, language: str, actor):
    """Queue the quarterly report of ``hub``. Raises ``ReportNotAllowed`` unless ``actor``
    is Management Unit staff or works for ``hub`` (views answer 404), ``ValidationError``
    for a quarter that does not exist, and ``TooManyReports`` past the hourly limit."""
    from .rules import staff_hub_ids

    if not (is_mu_staff(actor) or hub.pk in staff_hub_ids(actor)):
        raise ReportNotAllowed(HUB_QUARTERLY)
    quarter_period(hub, year, quarter)
    return request_report(
        kind=HUB_QUARTERLY,
        language=language,
        actor=actor,
        parameters={"hub": hub.slug, "year": year, "quarter": quarter},
    )
