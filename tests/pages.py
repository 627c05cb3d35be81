"""Reading pages as a browser would: the values a form submits, the errors it shows, what
a chart draws and the table of its numbers."""

import base64
import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """What a browser would submit from the page's main form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" not in a:
                    return
                self.data.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.data.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def read_form(html: str) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(html)
    return reader.data


def errors_on(response, key: str) -> list[str]:
    """The errors the page shows for the field posted under ``key``."""
    adminform = response.context["adminform"]
    if "-" not in key:
        return list(adminform.form.errors.get(key, []))
    prefix, index, name = key.rsplit("-", 2)
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return list(inline.formset.forms[int(index)].errors.get(name, []))
    return []


@dataclass
class ChartOnPage:
    bars: list[tuple[str, str]]  # (label, value) in the order drawn, left to right
    table: list[tuple[str, str]]  # (label, value) in the order of the table's rows
    links: list[str]  # where the table's values lead
    alt: str


def chart_on(html: str, code: str) -> ChartOnPage:
    """The chart ``code`` of a page (``web/_chart.html``): what its image draws (the labels
    under the bars and the values printed on them) and its table."""
    figure = re.search(rf'<figure class="chart" id="chart-{code}">(.*?)</figure>', html, re.S)
    assert figure, f"no chart {code} on the page"
    figure = figure.group(1)
    image = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', figure)
    svg = base64.b64decode(image.group(1)).decode("utf-8")
    axis = svg[svg.index('class="axis x"') :]
    axis = axis[: axis.index('<g class="series')]
    labels = re.findall(r'<text x="[^"]*" y="[^"]*" class="">([^<]*)</text>', axis)
    values = re.findall(r'class="value">([^<]*)</text>', svg)
    rows = re.findall(
        r'<th scope="row">\s*(.*?)\s*</th>\s*<td>\s*(?:<a href="([^"]*)">)?(.*?)(?:</a>)?\s*</td>',
        figure,
        re.S,
    )
    text = html_lib.unescape
    return ChartOnPage(
        bars=[(text(label), value) for label, value in zip(labels, values, strict=True)],
        table=[(text(label), text(value).strip()) for label, _link, value in rows],
        links=[text(link) for _label, link, _value in rows if link],
        alt=text(image.group(2)),
    )
