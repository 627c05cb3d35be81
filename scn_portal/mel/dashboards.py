"""What the staff dashboard and the public "network at a glance" show: the indicators
against their targets, grouped by priority, and the charts of members over time and by
region. The queries do not grow with the number of cities, activities or grants."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.scoping import visible_region_ids
from scn_portal.web.charts import Chart, Row
from scn_portal.web.panels import NETWORK_AT_A_GLANCE
from scn_portal.web.panels import figures as network_figures

from .models import Indicator
from .periods import Period
from .registry import (
    HUB,
    PRIORITY,
    REGION,
    all_measures,
    chart_sources,
    dimension_options,
    get_dimension,
    split_code,
)
from .selectors import figures

# The measure behind the charts of members (registered by the members app).
MEMBERS_MEASURE = "members.member_cities"
YEARS_SHOWN = 5


def split_choices(user) -> list[tuple[str, str]]:
    """The splits ``user`` may pick: the whole network (Management Unit only), and each
    region and hub whose regions they see."""
    visible = visible_region_ids(user)
    choices = [] if visible is not None else [("", str(_("The whole network")))]
    for key in (REGION, HUB):
        dimension = get_dimension(key)
        if dimension is None:
            continue
        for option in dimension.options():
            if visible is None or (option.region_ids and option.region_ids <= visible):
                choices.append((split_code(key, option.code), f"{dimension.label}: {option.label}"))
    return choices


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    split = forms.ChoiceField(label=_("Region or hub"), required=False)

    def __init__(self, *args, user, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(this_year, this_year - YEARS_SHOWN, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["split"].choices = split_choices(user)


def _group(all_figures) -> list[dict]:
    groups: dict = {}
    for figure in all_figures:
        groups.setdefault(figure.indicator.priority, []).append(figure)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is not None, kv[0] and kv[0].number))
    return [
        {"priority": priority, "title": priority or _("The network as a whole"), "figures": f}
        for priority, f in ordered
    ]


def _indicators(split: str, *, public: bool = False):
    queryset = Indicator.objects.filter(is_active=True).select_related("priority")
    if public:
        queryset = queryset.filter(is_public=True)
    if split:
        dimension = split.partition(":")[0]
        return [i for i in queryset if dimension in i.disaggregations]
    return list(queryset)


def member_charts(year: int, split: str, *, links: bool) -> list[Chart]:
    member = (
        Indicator.objects.filter(is_active=True, measure=MEMBERS_MEASURE).order_by("order").first()
    )
    if member is None:
        return []
    over_time = [
        figures([member], Period(y), split)[0] for y in range(year - YEARS_SHOWN + 1, year + 1)
    ]
    charts = [
        Chart(
            code="members-over-time",
            title=_("Member cities over time"),
            category=_("Year"),
            measure=_("Member cities"),
            rows=[
                Row(f.period.label(), _plain(f.value), f.url if links else "") for f in over_time
            ],
            kind="line",
        )
    ]
    if not split:
        by_region = [
            (option, figures([member], Period(year), split_code(REGION, option.code))[0])
            for option in dimension_options(REGION)
        ]
        charts.append(
            Chart(
                code="members-by-region",
                title=_("Member cities by region"),
                category=_("Region"),
                measure=_("Member cities"),
                rows=[
                    Row(option.label, _plain(f.value), f.url if links else "")
                    for option, f in by_region
                ],
            )
        )
    return charts


def priority_charts(year: int, *, links: bool) -> list[Chart]:
    """Each measure counted per strategic priority (activities, participants, cities
    engaged), one bar per priority. On the staff dashboard a bar opens its records through
    the network's indicator of that measure split by priority, where staff keep one."""
    options = dimension_options(PRIORITY)
    if not options:
        return []
    measures = [m for m in all_measures() if m.by_priority and PRIORITY in m.dimensions]
    indicators = {
        i.measure: i
        for i in Indicator.objects.filter(
            is_active=True,
            priority=None,
            measure__in=[m.key for m in measures],
            source=Indicator.Source.COMPUTED,
        ).order_by("-order")
    }
    charts = []
    for measure in measures:
        indicator = indicators.get(measure.key)
        rows = []
        for option in options:
            code = split_code(PRIORITY, option.code)
            if links and indicator is not None and PRIORITY in indicator.disaggregations:
                figure = figures([indicator], Period(year), code)[0]
                rows.append(Row(option.label, _plain(figure.value), figure.url))
            else:
                value = measure.compute(Period(year), option.filters())[0]
                rows.append(Row(option.label, _plain(value)))
        charts.append(
            Chart(
                code=f"{measure.key.replace('.', '-')}-by-priority",
                title=measure.label,
                category=_("Strategic priority"),
                measure=measure.label,
                rows=rows,
            )
        )
    return charts


def app_charts(year: int, *, public: bool, section: str | None = None) -> list[Chart]:
    """The charts the apps draw from their own data (the fund, funding against costs)."""
    return [c for source in chart_sources(section) for c in source.charts(year, public=public)]


def _plain(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral() else value


def dashboard_context(request) -> dict:
    this_year = timezone.localdate().year
    choices = split_choices(request.user)
    form = DashboardFilterForm(request.GET or None, user=request.user, this_year=this_year)
    year, split = this_year, choices[0][0] if choices else ""
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        split = form.cleaned_data["split"] or split
    elif not form.is_bound:
        form = DashboardFilterForm(
            initial={"year": year, "split": split}, user=request.user, this_year=this_year
        )
    period = Period(year)
    all_figures = figures(_indicators(split), period, split) if choices else []
    query = request.GET.urlencode() if form.is_bound else ""
    return {
        "form": form,
        "period": period,
        "split": split,
        "split_label": dict(choices).get(split, ""),
        "groups": _group(all_figures),
        "charts": _staff_charts(year, split) if choices else [],
        "query": query,
    }


def _staff_charts(year: int, split: str) -> list[Chart]:
    charts = member_charts(year, split, links=True)
    if not split:  # the network's own charts: the Management Unit's
        charts += priority_charts(year, links=True) + app_charts(year, public=False)
    return charts


def glance_context(*, today) -> dict:
    period = Period(today.year)
    return {
        "period": period,
        "network_figures": network_figures(NETWORK_AT_A_GLANCE),
        "groups": _group(figures(_indicators("", public=True), period)),
        "charts": [
            *member_charts(today.year, "", links=False),
            *priority_charts(today.year, links=False),
            *app_charts(today.year, public=True),
        ],
    }
