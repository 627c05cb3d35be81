"""One chart component for every page and PDF: a server-side SVG drawn by pygal, shown as
an image, with its numbers as an accessible table and as CSV.

    chart = Chart(code="members-by-region", title=_("Members by region"),
                  category=_("Region"), measure=_("Member cities"),
                  rows=[Row(label, value, url), ...])

The template ``web/_chart.html`` renders it (``{% include "web/_chart.html" with chart=c %}``);
a view answers ``?csv=<code>`` with ``csv_response(request, charts)``. The SVG is an image
(a data: URL), so it runs no script and needs no inline style in the page; in right-to-left
languages the categories run from right to left, as the reader reads.
"""

import base64
import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pygal
from django.http import HttpResponse
from django.utils.translation import get_language_bidi
from pygal.style import Style

FONT = '"DejaVu Sans", "Noto Sans Arabic", Arial, sans-serif'
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#d3dbe2",
    colors=("#0b4f6c", "#b8471c", "#1d6b3a", "#8a5a00", "#4a5561"),
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    tooltip_font_family=FONT,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
)


@dataclass(frozen=True)
class Row:
    label: Any
    value: Decimal | int | float | None
    url: str = ""


@dataclass
class Chart:
    code: str
    title: Any
    category: Any
    measure: Any
    rows: list[Row] = field(default_factory=list)
    kind: str = "bar"  # "bar" or "line"

    def _ordered(self, rtl: bool) -> list[Row]:
        return list(reversed(self.rows)) if rtl else list(self.rows)

    def svg(self, *, rtl: bool | None = None) -> str:
        rtl = get_language_bidi() if rtl is None else rtl
        rows = self._ordered(rtl)
        kind = pygal.Line if self.kind == "line" else pygal.Bar
        chart = kind(
            style=STYLE,
            js=[],
            width=640,
            height=320,
            show_legend=False,
            disable_xml_declaration=True,
            print_values=True,
            x_label_rotation=0 if len(rows) <= 6 else 30,
            truncate_label=-1,
            y_labels_major_every=None,
            show_minor_y_labels=True,
            min_scale=4,
            max_scale=8,
            margin=12,
        )
        chart.x_labels = [str(row.label) for row in rows]
        chart.add(str(self.measure), [_number(row.value) for row in rows])
        return chart.render(is_unicode=True)

    def data_uri(self) -> str:
        encoded = base64.b64encode(self.svg().encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"

    def csv_rows(self) -> list[list[str]]:
        return [[str(self.category), str(self.measure)]] + [
            [str(row.label), _text(row.value)] for row in self.rows
        ]


def _number(value):
    if value is None:
        return None
    return float(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and value == value.to_integral():
        return str(value.quantize(Decimal(1)))
    return str(value)


def csv_response(request, charts: Iterable[Chart]) -> HttpResponse | None:
    """The CSV of the chart ``?csv=<code>`` names, or None when the request asks for none
    (or for a chart not on the page)."""
    wanted = request.GET.get("csv")
    if not wanted:
        return None
    for chart in charts:
        if chart.code == wanted:
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{chart.code}.csv"'
            # A byte-order mark, so spreadsheet programs read Arabic as UTF-8.
            response.write("\ufeff")
            csv.writer(response).writerows(chart.csv_rows())
            return response
    return None
