"""The Management Unit's annual progress report to the ISC, through the report framework:
the year per priority with its indicators against their targets, then a section per
registered part of the network's work (membership, the ISC, and, as their apps register
measures, activities, hubs, the fund, funding and resources), the charts, the "network at
a glance" figures and sections, and the coming year's priorities staff write.

The same figures in every language: every number comes from the measures and snapshots,
never from translated text."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.reports.registry import ReportKind, register
from scn_portal.web.charts import Chart, Row
from scn_portal.web.panels import NETWORK_AT_A_GLANCE, panels
from scn_portal.web.panels import figures as network_figures

from .dashboards import _group, _indicators, _plain, app_charts, member_charts
from .models import AnnualReportText
from .periods import Period
from .registry import PRIORITY, REGION, all_measures, dimension_options, report_sections
from .selectors import figures, shown

ANNUAL_REPORT = "mel_annual_report"
# The records a listed measure names in the report, at most (the rest are counted).
LISTED_AT_MOST = 60


def _section(section, year: int) -> dict | None:
    measures = sorted(
        (m for m in all_measures() if m.section == section.code), key=lambda m: (m.order, m.key)
    )
    rows, lists, charts = [], [], []
    for measure in measures:
        value, ids = measure.compute(Period(year), {})
        before, _ids = measure.compute(Period(year - 1), {})
        rows.append({"label": measure.label, "value": shown(value), "before": shown(before)})
        if measure.listed:
            records = measure.records(Period(year), {}).order_by("pk")[:LISTED_AT_MOST]
            lists.append(
                {"label": measure.label, "names": [str(r) for r in records], "count": len(ids)}
            )
        if measure.by_region and REGION in measure.dimensions:
            charts.append(
                Chart(
                    code=f"{measure.key.replace('.', '-')}-by-region",
                    title=measure.label,
                    category=_("Region"),
                    measure=measure.label,
                    rows=[
                        Row(
                            option.label,
                            _plain(measure.compute(Period(year), option.filters())[0]),
                        )
                        for option in dimension_options(REGION)
                    ],
                )
            )
        if measure.by_priority and PRIORITY in measure.dimensions:
            charts.append(
                Chart(
                    code=f"{measure.key.replace('.', '-')}-by-priority",
                    title=measure.label,
                    category=_("Strategic priority"),
                    measure=measure.label,
                    rows=[
                        Row(
                            option.label,
                            _plain(measure.compute(Period(year), option.filters())[0]),
                        )
                        for option in dimension_options(PRIORITY)
                    ],
                )
            )
    charts += app_charts(year, public=True, section=section.code)
    if not measures and not charts:
        return None
    return {
        "code": section.code,
        "title": section.title,
        "rows": rows,
        "lists": lists,
        "charts": charts,
    }


def annual_report_context(parameters: dict) -> dict:
    year = int(parameters["year"])
    period = Period(year)
    text = AnnualReportText.objects.filter(year=year).first()
    sections = [s for s in (_section(section, year) for section in report_sections()) if s]
    return {
        "title": _("Annual progress report to the ISC"),
        "year": year,
        "period": period,
        "generated_at": timezone.now(),
        "groups": _group(figures(_indicators(""), period)),
        "sections": sections,
        "charts": member_charts(year, "", links=False),
        "network_figures": network_figures(NETWORK_AT_A_GLANCE),
        "panels": panels(NETWORK_AT_A_GLANCE, parameters),
        "coming_priorities": text.coming_priorities if text else "",
        "print": True,
    }


register(
    ReportKind(
        code=ANNUAL_REPORT,
        title=_("Annual progress report to the ISC"),
        template="print/mel_annual_report.html",
        build_context=annual_report_context,
        may_request=is_mu_staff,
        # Asked for with its year, from the MEL pages (``views.annual_report``).
        in_request_form=False,
    )
)
