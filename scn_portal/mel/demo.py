"""MEL's demo step (``scn_portal.ops.demo``): the default indicators (linked to the five
priorities by ``ensure_default_indicators``, as outside the demo), targets for last year
and this one, values staff would have recorded, the figures of every closed quarter and
year, and last year's text of the annual report.

Runs after every app (it reads their data). Idempotent: targets, values and texts are
upserted on their natural keys, and a figure already taken is never taken again.
"""

from decimal import Decimal

from django.utils import timezone

from scn_portal.ops.demo import DemoStep, register_demo

from .models import AnnualReportText, Indicator, RecordedValue, Snapshot, Target
from .periods import closed_periods
from .services import ensure_default_indicators, take_snapshots

# Targets per year (this year's and last year's), by indicator code.
TARGETS = {
    "member-cities": (Decimal(300), Decimal(320)),
    "new-members": (Decimal(25), Decimal(25)),
    "isc-meetings": (Decimal(2), Decimal(2)),
    "city-to-city-exchanges": (Decimal(12), Decimal(15)),
    "national-local-dialogues": (Decimal(4), Decimal(6)),
    "youth-engagement-activities": (Decimal(20), Decimal(24)),
}
# Values recorded for last year: (value, source).
RECORDED = {
    "city-to-city-exchanges": (Decimal(13), "Regional hubs' yearly reports"),
    "national-local-dialogues": (Decimal(3), "Management Unit activity log"),
    "local-prevention-mechanisms": (Decimal(41), "Member cities' survey"),
    "youth-engagement-activities": (Decimal(17), "Regional hubs' yearly reports"),
    "mayoral-voice": (Decimal(26), "Events calendar"),
}
COMING = {
    "en": "Consolidate the regional hubs, launch city-to-city exchanges between regions, "
    "and bring the Technical Support Fund to every priority.",
    "ar": "تعزيز المراكز الإقليمية، وإطلاق عمليات التبادل بين المدن عبر المناطق، "
    "وتوجيه صندوق تمويل الدعم التقني إلى كل الأولويات.",
    "fr": "Consolider les pôles régionaux, lancer des échanges entre villes de régions "
    "différentes et ouvrir le Fonds d'assistance technique à chaque priorité.",
    "es": "Consolidar los centros regionales, iniciar intercambios entre ciudades de "
    "distintas regiones y llevar el Fondo de Apoyo Técnico a cada prioridad.",
}


def seed(**_options) -> dict:
    this_year = timezone.localdate().year
    ensure_default_indicators()
    indicators = Indicator.objects.in_bulk(field_name="code")
    for code, (last, this) in TARGETS.items():
        if code in indicators:
            for year, value in ((this_year - 1, last), (this_year, this)):
                Target.objects.update_or_create(
                    indicator=indicators[code], year=year, defaults={"value": value}
                )
    for code, (value, source) in RECORDED.items():
        if code in indicators:
            RecordedValue.objects.update_or_create(
                indicator=indicators[code],
                period=str(this_year - 1),
                disaggregation="",
                defaults={"value": value, "source": source},
            )
    taken = sum(
        len(take_snapshots(period=period)) for period in closed_periods(timezone.localdate())
    )
    AnnualReportText.objects.update_or_create(
        year=this_year - 1,
        defaults={
            "coming_priorities": COMING["en"],
            **{f"coming_priorities_{lang}": text for lang, text in COMING.items()},
        },
    )
    return {"snapshots_taken": taken}


register_demo(
    DemoStep(
        code="mel",
        order=90,
        seed=seed,
        summary=lambda: [
            ("indicators", Indicator.objects.count()),
            ("figures taken", Snapshot.objects.count()),
        ],
    )
)
