"""Arabic done properly: dates in Arabic order everywhere, signed numbers left to right."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parents[2]
NAMED = ("DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "SHORT_DATE_FORMAT")
MOMENT = datetime.datetime(2026, 6, 15, 22, 5)


def test_an_arabic_date_and_time_reads_in_arabic_order():
    with translation.override("ar"):
        text = formats.date_format(MOMENT, "DATETIME_FORMAT")
    assert text.startswith("15 يونيو")
    assert not re.search(r"[A-Za-z]", text), text  # no "p.m.", no English month
    assert text.endswith("10:05 م")


@pytest.mark.parametrize("language", ["en", "ar", "fr", "es"])
def test_every_language_has_every_named_date_format(language):
    with translation.override(language):
        for name in NAMED:
            text = formats.date_format(MOMENT, name)
            assert "2026" in text, (language, name, text)


def test_templates_use_the_languages_named_formats_not_their_own():
    """A date written with a pattern of its own would read the same in every language."""
    literal = []
    for path in (ROOT / "templates").rglob("*.*"):
        for pattern in re.findall(r'\|date:"([^"]+)"', path.read_text(encoding="utf-8")):
            if not pattern.endswith("_FORMAT") and pattern not in ("Y", "H:i"):
                literal.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert literal == []


@pytest.mark.django_db
def test_coordinates_read_left_to_right_with_a_point_in_arabic(client_as, rabat):
    rabat.latitude, rabat.longitude = "34.02088", "-6.84165"
    rabat.save(update_fields=["latitude", "longitude"])
    client = client_as("official_of_rabat")
    with translation.override("ar"):
        url = reverse("members:city_portal", kwargs={"code": rabat.code})
    html = client.get(url).content.decode()

    assert url.startswith("/ar/")
    assert '<bdi dir="ltr" class="coordinates">34.02088, -6.84165</bdi>' in html
