"""How long the annual progress report of a 200-city year takes to build and render, in
English and in Arabic: a figure for the README, not a test with a time limit.

Run it by name (it is not collected with the suite):
    .venv/bin/pytest tests/mel/bench_annual_report.py -s -p no:randomly
"""

import datetime
import time

import pytest

from scn_portal.mel.periods import Period
from scn_portal.mel.reports import ANNUAL_REPORT, annual_report_context
from scn_portal.mel.services import take_snapshots
from scn_portal.reports import registry
from scn_portal.reports.rendering import render_pdf
from tests import factories

pytestmark = pytest.mark.django_db
CITIES = 200


def test_the_annual_report_of_a_200_city_year(mena_hub):
    regions = [mena_hub.regions.get()] + [
        factories.RegionFactory(code=f"region-{n}") for n in range(4)
    ]
    for n in range(CITIES):
        joined = datetime.date(2020 + n % 5, 1 + n % 12, 1)
        factories.MembershipFactory(
            local_government__name=f"City {n}",
            local_government__region=regions[n % len(regions)],
            joined_on=joined,
        )
    for n in range(20):
        factories.IscTermFactory(
            local_government=factories.LocalGovernmentFactory(region=regions[n % 5]),
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
    take_snapshots(period=Period(2024))
    kind = registry.get(ANNUAL_REPORT)
    for language in ("en", "ar"):
        started = time.perf_counter()
        context = annual_report_context({"year": 2024})
        built = time.perf_counter()
        pdf = render_pdf(template=kind.template, context=context, language=language)
        done = time.perf_counter()
        print(
            f"\n{CITIES} cities, {language}: context {built - started:.2f} s, "
            f"PDF {done - built:.2f} s, {len(pdf) // 1024} KiB"
        )
        assert pdf.startswith(b"%PDF")
