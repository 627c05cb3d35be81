"""Demo data for the ground floor, for ``manage.py seed_demo``.

``seed()`` upserts the regions, the countries' regions, the five strategic priorities, the
guiding principles (version "2023"), the organisations (donors, ISD, hub hosts) and about
300 real local governments with a membership, a focal point and the priorities they opted
into. It also seeds the membership check: the current terms of reference, a commitment to
the current principles for every member and every application under review, an EXAMPLE
disputed-territory list (clearly labelled; staff keep the real one) with one fictional
applicant inside it, and submission dates over the last 30 days for the applications
under review; and the certificates' signatory. ``seed_synthetic(count)`` adds synthetic cities.

Both are idempotent: rows are matched on their natural keys (``Region.code``,
``CountryRegion.country``, ``StrategicPriority.number``, ``PrincipleVersion.label``,
``GuidingPrinciple`` (version, number), ``Organisation`` (English name, kind),
``LocalGovernment`` (English name, country), a demo ``Person`` by full name, the one
certificate settings row) and updated in place, so a second run changes no row count. A
re-run restores the demo values of these rows; it never deletes anything.

Everything is randomised from fixed seeds, so two databases seeded alike hold the same
demo. The places are real; membership statuses, dates and contacts are invented, and
every demo record says so in its profile or name.
"""

import datetime
import random
import zlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.text import slugify

from scn_portal.ops.demo import DemoLogin, DemoStep, register_demo

from .demo_data import eligibility as eligibility_data
from .demo_data import organisations as org_data
from .demo_data.certificates import seed_certificate_settings
from .demo_data.cities import ALWAYS_MEMBERS, CITIES, FOUNDING_MEMBERS
from .demo_data.principles import PRINCIPLE_VERSION, PRINCIPLES, PRIORITIES
from .demo_data.regions import COUNTRY_REGIONS, REGIONS
from .demo_data.synthetic import write_synthetic_batch
from .models import (
    Commitment,
    CountryRegion,
    DisputedTerritory,
    GuidingPrinciple,
    LocalGovernment,
    Membership,
    MembershipTerms,
    MembershipTransition,
    Official,
    Organisation,
    Person,
    PrincipleVersion,
    Region,
    StrategicPriority,
)

LANGUAGES = ("en", "ar", "fr", "es")
BATCH_SIZE = 1000

# About 230 of the real cities are members; the rest are at another stage.
TARGET_MEMBERS = 230
# The network was launched at the United Nations General Assembly in September 2015.
LAUNCH_DATE = datetime.date(2015, 9, 29)
LAST_JOIN_DATE = datetime.date(2025, 12, 31)
# Non-members cycle through this mix: mostly engaged non-members and applications in
# progress, some former members.
NON_MEMBER_MIX = [
    Membership.Status.PROSPECT,
    Membership.Status.APPLICANT,
    Membership.Status.PROSPECT,
    Membership.Status.UNDER_REVIEW,
    Membership.Status.LAPSED,
    Membership.Status.PROSPECT,
    Membership.Status.APPLICANT,
    Membership.Status.UNDER_REVIEW,
    Membership.Status.SUSPENDED,
    Membership.Status.PROSPECT,
]
FORMER_MEMBER_STATUSES = {Membership.Status.SUSPENDED, Membership.Status.LAPSED}
# Cities that have signed the commitment to the current principles in the demo.
COMMITTED_STATUSES = {Membership.Status.MEMBER, Membership.Status.UNDER_REVIEW}
# Applications under review were submitted at most this many days ago.
REVIEW_WINDOW_DAYS = 30

DEMO_PROFILE = {
    "en": (
        "Demo data: the membership status, dates and contacts of this record are "
        "illustrative, not the network's records."
    ),
    "ar": (
        "بيانات تجريبية: حالة العضوية والتواريخ وجهات الاتصال في هذا السجل للتوضيح فقط، "
        "وليست من سجلات الشبكة."
    ),
    "fr": (
        "Données de démonstration : le statut d'adhésion, les dates et les contacts de cette "
        "fiche sont fictifs et ne proviennent pas des registres du réseau."
    ),
    "es": (
        "Datos de demostración: el estado de membresía, las fechas y los contactos de este "
        "registro son ilustrativos y no proceden de los registros de la red."
    ),
}

SYNTHETIC_PREFIX = "Synthetic city "
SYNTHETIC_PROFILE = {
    "en": "Synthetic record created by seed_demo --scale for load testing.",
    "ar": "سجل اصطناعي أنشأه الأمر seed_demo --scale لاختبار الأداء.",
    "fr": "Fiche synthétique créée par seed_demo --scale pour les tests de charge.",
    "es": "Registro sintético creado por seed_demo --scale para pruebas de carga.",
}
# Synthetic cities are mostly ordinary municipalities; no synthetic capitals.
SYNTHETIC_KINDS = (
    [LocalGovernment.Kind.CITY] * 70
    + [LocalGovernment.Kind.RURAL] * 15
    + [LocalGovernment.Kind.DISTRICT] * 7
    + [LocalGovernment.Kind.PROVINCE] * 5
    + [LocalGovernment.Kind.OTHER] * 3
)
SYNTHETIC_MEMBER_SHARE = 0.75


def seed(*, stdout=None) -> dict[str, int]:
    """Upsert the ground-floor demo records and return how many of each there are.

    Runs in one transaction; safe to run again (see the module docstring).
    """
    with translation.override("en"), transaction.atomic():
        regions = _seed_regions()
        region_by_country = _seed_country_regions(regions)
        priorities = _seed_priorities()
        principles = _seed_principles()
        organisations = _seed_organisations()
        cities = _seed_local_governments(region_by_country)
        statuses = _seed_memberships(cities)
        _seed_priority_choices(cities, statuses, priorities)
        focal_points = _seed_focal_points(cities)
        terms = _seed_terms()
        _seed_application_dates(cities, statuses)
        applicant = _seed_ineligible_applicant(region_by_country)
        committed = [c for c in cities.values() if statuses[c.pk] in COMMITTED_STATUSES]
        commitments = _seed_commitments([*committed, applicant], terms)
        territories = _seed_example_territories()
        inside = _screen()
        seed_certificate_settings()
    counts = {
        "regions": len(regions),
        "countries": len(region_by_country),
        "priorities": len(priorities),
        "principles": principles,
        "organisations": organisations,
        "local_governments": len(cities),
        "members": sum(1 for s in statuses.values() if s == Membership.Status.MEMBER),
        "focal_points": focal_points,
        "commitments": commitments,
        "example_territories": territories,
        "cities_inside_example_territories": inside,
    }
    _report(stdout, "members", counts)
    return counts


def demo_city(name_en: str, country: str) -> LocalGovernment:
    """The demo local government with this English name in this country."""
    return LocalGovernment.objects.get(name_en=name_en, country=country)


def focal_point_name(name_en: str, country: str) -> str:
    """The full name of a demo city's focal point (the demo logins link one to a user).

    The country is part of it because a name can repeat across countries (Tripoli).
    """
    return f"Focal point of {name_en}, {country} (demo)"


# --- Regions, priorities, principles, organisations ------------------------------------


def _translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{lang}": texts[lang] for lang in LANGUAGES}


def _seed_regions() -> dict[str, Region]:
    regions = {}
    for code, order, *names in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "order": order,
                **_translated("name", dict(zip(LANGUAGES, names, strict=True))),
            },
        )
    return regions


def _seed_country_regions(regions: dict[str, Region]) -> dict[str, int]:
    existing = {cr.country.code: cr for cr in CountryRegion.objects.all()}
    to_create, to_update = [], []
    for country, code in sorted(COUNTRY_REGIONS.items()):
        region_id = regions[code].pk
        row = existing.get(country)
        if row is None:
            to_create.append(CountryRegion(country=country, region_id=region_id))
        elif row.region_id != region_id:
            row.region_id = region_id
            to_update.append(row)
    CountryRegion.objects.bulk_create(to_create)
    CountryRegion.objects.bulk_update(to_update, ["region"])
    return {country: regions[code].pk for country, code in COUNTRY_REGIONS.items()}


def _seed_priorities() -> list[StrategicPriority]:
    return [
        StrategicPriority.objects.update_or_create(
            number=item["number"],
            defaults={
                "code": item["code"],
                **_translated("title", item["title"]),
                **_translated("description", item["description"]),
            },
        )[0]
        for item in PRIORITIES
    ]


def _seed_principles() -> int:
    version, _ = PrincipleVersion.objects.update_or_create(
        label=PRINCIPLE_VERSION["label"],
        defaults={
            "effective_on": datetime.date(*PRINCIPLE_VERSION["effective_on"]),
            "note": PRINCIPLE_VERSION["note"],
        },
    )
    for number, texts in enumerate(PRINCIPLES, start=1):
        GuidingPrinciple.objects.update_or_create(
            version=version, number=number, defaults=_translated("text", texts)
        )
    return len(PRINCIPLES)


def _all_organisation_specs() -> list[dict[str, Any]]:
    return [
        *org_data.DONORS,
        org_data.ANONYMOUS_DONOR,
        org_data.ISD,
        *org_data.HUB_HOSTS.values(),
    ]


def get_organisation(spec: dict[str, Any]) -> Organisation:
    """The organisation seeded from one entry of ``demo_data.organisations``."""
    return Organisation.objects.get(name_en=spec["name"]["en"], kind=spec["kind"])


def _seed_organisations() -> int:
    specs = _all_organisation_specs()
    for spec in specs:
        Organisation.objects.update_or_create(
            name_en=spec["name"]["en"],
            kind=spec["kind"],
            defaults={
                **_translated("name", spec["name"]),
                "country": spec.get("country", ""),
                "website": spec.get("website", ""),
            },
        )
    return len(specs)


# --- Local governments ------------------------------------------------------------------


def _city_rng(name_en: str, country: str, purpose: str) -> random.Random:
    """A generator of its own per city and purpose, so adding a city changes no other city."""
    return random.Random(zlib.crc32(f"{name_en}|{country}|{purpose}".encode()))


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _coordinate(value: float) -> Decimal:
    return Decimal(f"{value:.5f}")


def _sync(obj: Model, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj``; say whether anything changed."""
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed


def _seed_local_governments(region_by_country: dict[str, int]) -> dict[tuple, LocalGovernment]:
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    for name_en, name_ar, name_fr, name_es, kind, country, lat, lon, population in CITIES:
        wanted[(name_en, country)] = {
            "name_en": name_en,
            "name_ar": name_ar,
            "name_fr": name_fr or name_en,
            "name_es": name_es or name_en,
            "kind": kind,
            "latitude": _coordinate(lat),
            "longitude": _coordinate(lon),
            "population": population,
            "region_id": region_by_country[country],
            **_translated("profile", DEMO_PROFILE),
        }
    existing = _local_governments_by_key(wanted)
    to_create, to_update = [], []
    for (name_en, country), values in wanted.items():
        city = existing.get((name_en, country))
        if city is None:
            to_create.append(LocalGovernment(country=country, **values))
        elif _sync(city, values):
            to_update.append(city)
    LocalGovernment.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    # "name" and "profile" are modeltranslation's copies of the English value.
    fields = ["name", "profile", *next(iter(wanted.values()))]
    LocalGovernment.objects.bulk_update(to_update, fields, batch_size=BATCH_SIZE)
    return _local_governments_by_key(wanted)


def _local_governments_by_key(keys: Iterable[tuple[str, str]]) -> dict[tuple, LocalGovernment]:
    keys = set(keys)
    found = LocalGovernment.objects.filter(name_en__in={name for name, _country in keys})
    by_key = {(city.name_en, city.country.code): city for city in found}
    return {key: city for key, city in by_key.items() if key in keys}


def _planned_statuses(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Which real cities are members: the pinned ones and enough others to reach the target."""
    pinned = set(ALWAYS_MEMBERS)
    others = [key for key in keys if key not in pinned]
    random.Random("scn-demo-memberships").shuffle(others)
    non_members = others[: max(0, len(keys) - TARGET_MEMBERS)]
    statuses = dict.fromkeys(keys, Membership.Status.MEMBER)
    for index, key in enumerate(non_members):
        statuses[key] = NON_MEMBER_MIX[index % len(NON_MEMBER_MIX)]
    return statuses


def _joined_on(key: tuple[str, str], status: str) -> datetime.date | None:
    if key in FOUNDING_MEMBERS:
        return LAUNCH_DATE
    rng = _city_rng(*key, "joined")
    if status == Membership.Status.MEMBER:
        return _random_date(rng, LAUNCH_DATE, LAST_JOIN_DATE)
    if status in FORMER_MEMBER_STATUSES:
        return _random_date(rng, LAUNCH_DATE, datetime.date(2021, 12, 31))
    return None


def _seed_memberships(cities: dict[tuple, LocalGovernment]) -> dict[int, str]:
    """Upsert one membership per city; return each city's status by city id."""
    statuses = _planned_statuses(list(cities))
    existing = {
        m.local_government_id: m
        for m in Membership.objects.filter(local_government__in=cities.values())
    }
    to_create, to_update = [], []
    for key, city in cities.items():
        values = {"status": statuses[key], "joined_on": _joined_on(key, statuses[key])}
        membership = existing.get(city.pk)
        if membership is None:
            to_create.append(Membership(local_government=city, **values))
        elif _sync(membership, values):
            to_update.append(membership)
    Membership.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Membership.objects.bulk_update(to_update, ["status", "joined_on"], batch_size=BATCH_SIZE)
    return {cities[key].pk: status for key, status in statuses.items()}


def _seed_priority_choices(
    cities: dict[tuple, LocalGovernment],
    statuses: dict[int, str],
    priorities: list[StrategicPriority],
) -> None:
    """Opt each city into some priorities (members engage more than non-members)."""
    through = LocalGovernment.priorities.through
    rows = []
    for key, city in cities.items():
        rng = _city_rng(*key, "priorities")
        if statuses[city.pk] == Membership.Status.MEMBER:
            how_many = rng.randint(1, 4)
        else:
            how_many = rng.randint(0, 2)
        for priority in rng.sample(priorities, how_many):
            rows.append(through(localgovernment_id=city.pk, strategicpriority_id=priority.pk))
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


def _seed_focal_points(cities: dict[tuple, LocalGovernment]) -> int:
    """One demo focal point per city: a Person and their Official link."""
    wanted = {}
    for (name_en, country), city in cities.items():
        rng = _city_rng(name_en, country, "focal point")
        wanted[focal_point_name(name_en, country)] = (
            city,
            {
                "email": f"focal-point.{slugify(name_en)}.{country.lower()}@example.org",
                "title": "Focal point (demo)",
                "gender": rng.choice([Person.Gender.WOMAN, Person.Gender.MAN]),
            },
        )
    people = _upsert_people({name: values for name, (_city, values) in wanted.items()})
    Official.objects.bulk_create(
        [
            Official(person=people[name], local_government=city, role=Official.Role.FOCAL_POINT)
            for name, (city, _values) in wanted.items()
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return len(wanted)


def _upsert_people(wanted: dict[str, dict[str, Any]]) -> dict[str, Person]:
    """Upsert demo people by full name (demo names are unique by construction)."""
    existing = {p.full_name: p for p in Person.objects.filter(full_name__in=wanted)}
    to_create, to_update = [], []
    for full_name, values in wanted.items():
        person = existing.get(full_name)
        if person is None:
            to_create.append(Person(full_name=full_name, **values))
        elif _sync(person, values):
            to_update.append(person)
    Person.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Person.objects.bulk_update(to_update, ["email", "title", "gender"], batch_size=BATCH_SIZE)
    return {p.full_name: p for p in Person.objects.filter(full_name__in=wanted)}


# --- The membership check: terms, commitments, the example territory list -------------


def signatory_name(name_en: str) -> str:
    return f"Mayor of {name_en} (demo)"


def _seed_terms() -> MembershipTerms:
    spec = eligibility_data.MEMBERSHIP_TERMS
    terms, _ = MembershipTerms.objects.update_or_create(
        label=spec["label"],
        defaults={
            "effective_on": datetime.date(*spec["effective_on"]),
            **_translated("text", spec["text"]),
        },
    )
    return terms


def _seed_application_dates(cities: dict[tuple, LocalGovernment], statuses: dict[int, str]):
    """Applications under review were submitted over the last 30 days (a fixed day per city)."""
    now = timezone.now()
    to_update = []
    reviewed = [
        (key, city)
        for key, city in cities.items()
        if statuses[city.pk] == Membership.Status.UNDER_REVIEW
    ]
    memberships = {
        m.local_government_id: m
        for m in Membership.objects.filter(local_government__in=[c for _k, c in reviewed])
    }
    for key, city in reviewed:
        days = _city_rng(*key, "submitted").randint(1, REVIEW_WINDOW_DAYS - 1)
        membership = memberships[city.pk]
        membership.submitted_at = now - datetime.timedelta(days=days, hours=3)
        membership.application_started_at = membership.submitted_at - datetime.timedelta(days=5)
        membership.status_changed_at = membership.submitted_at
        to_update.append(membership)
    Membership.objects.bulk_update(
        to_update, ["submitted_at", "application_started_at", "status_changed_at"]
    )


def _seed_ineligible_applicant(region_by_country: dict[str, int]) -> LocalGovernment:
    """One fictional applicant inside the example territory C: an ineligible application."""
    spec = eligibility_data.INELIGIBLE_APPLICANT
    city, _ = LocalGovernment.objects.update_or_create(
        name_en=spec["name"]["en"],
        country=spec["country"],
        defaults={
            **_translated("name", spec["name"]),
            **_translated("profile", DEMO_PROFILE),
            "kind": spec["kind"],
            "latitude": _coordinate(spec["latitude"]),
            "longitude": _coordinate(spec["longitude"]),
            "population": spec["population"],
            "region_id": region_by_country[spec["country"]],
        },
    )
    submitted = timezone.now() - datetime.timedelta(days=spec["submitted_days_ago"])
    membership, _ = Membership.objects.update_or_create(
        local_government=city,
        defaults={
            "status": Membership.Status.INELIGIBLE,
            "joined_on": None,
            "submitted_at": submitted,
            "application_started_at": submitted - datetime.timedelta(days=3),
            "status_changed_at": submitted,
        },
    )
    MembershipTransition.objects.get_or_create(
        membership=membership,
        from_status=Membership.Status.APPLICANT,
        to_status=Membership.Status.INELIGIBLE,
        defaults={
            "reason": "Located in Example territory C, by boundary (example): its coordinates "
            "fall inside the territory's boundary (demo)."
        },
    )
    name = focal_point_name(spec["name"]["en"], spec["country"])
    person, _ = Person.objects.update_or_create(
        full_name=name,
        defaults={
            "email": f"focal-point.{slugify(spec['name']['en'])}.mr@example.org",
            "title": "Focal point (demo)",
        },
    )
    Official.objects.get_or_create(
        person=person, local_government=city, role=Official.Role.FOCAL_POINT
    )
    return city


def _seed_commitments(cities: list[LocalGovernment], terms: MembershipTerms) -> int:
    """A commitment of every given city to the current principles, signed by its (demo) mayor;
    members also accept the current terms of reference."""
    version = PrincipleVersion.objects.current()
    if version is None:
        return 0
    principle_ids = list(version.principles.values_list("pk", flat=True))
    city_ids = [city.pk for city in cities]
    memberships = dict(
        Membership.objects.filter(local_government__in=city_ids).values_list(
            "local_government_id", "joined_on"
        )
    )
    committed = set(
        Commitment.objects.filter(version=version, local_government__in=city_ids).values_list(
            "local_government_id", flat=True
        )
    )
    today = timezone.localdate()
    new = []
    for city in cities:
        if city.pk in committed:
            continue
        joined = memberships.get(city.pk) or version.effective_on
        new.append(
            Commitment(
                local_government=city,
                version=version,
                signatory_name=signatory_name(city.name_en),
                signatory_title="Mayor (demo)",
                signatory_role=Commitment.SignatoryRole.MAYOR,
                signed_on=min(max(joined, version.effective_on), today),
            )
        )
    Commitment.objects.bulk_create(new, batch_size=BATCH_SIZE)
    through = Commitment.principles.through
    commitments = Commitment.objects.filter(version=version, local_government__in=city_ids)
    through.objects.bulk_create(
        [
            through(commitment_id=commitment_id, guidingprinciple_id=principle_id)
            for commitment_id in commitments.values_list("pk", flat=True)
            for principle_id in principle_ids
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    Membership.objects.filter(
        local_government__in=city_ids, status=Membership.Status.MEMBER
    ).update(terms=terms)
    return commitments.count()


def _seed_example_territories() -> int:
    for spec in eligibility_data.EXAMPLE_TERRITORIES:
        DisputedTerritory.objects.update_or_create(
            name_en=spec["name"]["en"],
            defaults={
                **_translated("name", spec["name"]),
                "countries": spec["countries"],
                "subdivision_codes": spec["subdivision_codes"],
                "boundary": spec["boundary"],
                "reference": eligibility_data.EXAMPLE_REFERENCE,
                "is_active": True,
            },
        )
    return len(eligibility_data.EXAMPLE_TERRITORIES)


def _screen() -> int:
    """Run the check now (the demo needs no worker): store what it finds."""
    from .services.screening import rescreen_members_and_applicants

    return len(rescreen_members_and_applicants())


# --- Synthetic cities (seed_demo --scale N) -----------------------------------------------


def synthetic_name(number: int) -> str:
    return f"{SYNTHETIC_PREFIX}{number:05d} (demo)"


def seed_synthetic(count: int, *, stdout=None) -> dict[str, int]:
    """Add synthetic cities 1..``count`` that do not exist yet, with their related rows.

    Each city gets a membership (about 75% members), one focal point (Person + Official)
    and one to three priorities; its members have committed to the current principles and
    accepted the current terms, as the demo's members have, so they may hold benefits.
    Its country is drawn from the countries' regions table, its coordinates near a real
    demo city of that country. City *n* is drawn from its own ``random.Random(n)``, so it
    is the same whatever ``count`` is: ``--scale 100`` after ``--scale 50`` adds cities
    51 to 100. Existing synthetic cities are skipped (matched
    on the English name), which makes the command idempotent. Everything is written with
    ``bulk_create`` in batches of 1,000; call ``seed()`` first.
    """
    with translation.override("en"), transaction.atomic():
        region_by_country = dict(CountryRegion.objects.values_list("country", "region_id"))
        countries = sorted(region_by_country)
        anchors: dict[str, list[tuple[float, float]]] = {}
        for _en, _ar, _fr, _es, _kind, country, lat, lon, _pop in CITIES:
            anchors.setdefault(country, []).append((lat, lon))
        priority_ids = list(StrategicPriority.objects.values_list("pk", flat=True))
        terms = MembershipTerms.objects.current()
        existing = set(
            LocalGovernment.objects.filter(name_en__startswith=SYNTHETIC_PREFIX).values_list(
                "name_en", flat=True
            )
        )
        numbers = [n for n in range(1, count + 1) if synthetic_name(n) not in existing]
        created = members = 0
        for start in range(0, len(numbers), BATCH_SIZE):
            batch = [
                _synthetic_city(n, countries, region_by_country, anchors, priority_ids)
                for n in numbers[start : start + BATCH_SIZE]
            ]
            created += len(batch)
            joined = [c["city"] for c in batch if c["status"] == Membership.Status.MEMBER]
            members += len(joined)
            write_synthetic_batch(batch)
            if terms is not None:
                _seed_commitments(joined, terms)
    counts = {"synthetic_created": created, "synthetic_members_created": members}
    _report(stdout, "synthetic", counts)
    return counts


def _synthetic_city(number, countries, region_by_country, anchors, priority_ids) -> dict:
    rng = random.Random(number)
    country = rng.choice(countries)
    if anchors.get(country):
        lat, lon = rng.choice(anchors[country])
        lat = min(90.0, max(-90.0, lat + rng.uniform(-1.0, 1.0)))
        lon = min(180.0, max(-180.0, lon + rng.uniform(-1.0, 1.0)))
    else:  # a country added by staff with no demo city: anywhere valid
        lat, lon = rng.uniform(-60.0, 70.0), rng.uniform(-180.0, 180.0)
    kind = rng.choice(SYNTHETIC_KINDS)
    low, high = (3.3, 4.8) if kind == LocalGovernment.Kind.RURAL else (4.0, 6.4)
    is_member = rng.random() < SYNTHETIC_MEMBER_SHARE
    status = Membership.Status.MEMBER if is_member else rng.choice(NON_MEMBER_MIX)
    if is_member:
        joined_on = _random_date(rng, LAUNCH_DATE, LAST_JOIN_DATE)
    elif status in FORMER_MEMBER_STATUSES:
        joined_on = _random_date(rng, LAUNCH_DATE, datetime.date(2021, 12, 31))
    else:
        joined_on = None
    name_en = synthetic_name(number)
    return {
        "city": LocalGovernment(
            name_en=name_en,
            name_ar=f"مدينة اصطناعية {number:05d} (تجريبية)",
            name_fr=f"Ville synthétique {number:05d} (démo)",
            name_es=f"Ciudad sintética {number:05d} (demo)",
            kind=kind,
            country=country,
            latitude=_coordinate(lat),
            longitude=_coordinate(lon),
            population=int(10 ** rng.uniform(low, high)),
            region_id=region_by_country[country],
            **_translated("profile", SYNTHETIC_PROFILE),
        ),
        "status": status,
        "joined_on": joined_on,
        "person": Person(
            full_name=f"Focal point of {name_en}",
            email=f"focal-point.synthetic-{number:05d}@example.org",
            title="Focal point (demo)",
            gender=rng.choice([Person.Gender.WOMAN, Person.Gender.MAN]),
        ),
        "priority_ids": rng.sample(priority_ids, min(len(priority_ids), rng.randint(1, 3))),
    }


def _report(stdout, label: str, counts: dict[str, int]) -> None:
    if stdout is not None:
        stdout.write(
            f"{label}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
        )


# --- The demo step of seed_demo --------------------------------------------------------

OFFICIAL_LOGIN = DemoLogin(
    "official@example.org", "Demo focal point of Rabat", "city official, focal point of Rabat"
)


def link_person(person: Person, user) -> None:
    """Make ``person`` the user's one Person record (a user has at most one)."""
    Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])


def link_demo_logins(users: dict) -> None:
    """The official's login is Rabat's demo focal point."""
    rabat = demo_city("Rabat", "MA")
    focal_point = Person.objects.get(
        full_name=focal_point_name(rabat.name_en, rabat.country.code),
        officials__local_government=rabat,
    )
    link_person(focal_point, users[OFFICIAL_LOGIN.email])


def summary_rows() -> list[tuple[str, int]]:
    memberships = Membership.objects.all()
    return [
        ("regions", Region.objects.count()),
        ("countries", CountryRegion.objects.count()),
        ("local governments", LocalGovernment.objects.count()),
        ("  of which members", memberships.filter(status=Membership.Status.MEMBER).count()),
        ("  of which non-members", memberships.exclude(status=Membership.Status.MEMBER).count()),
        ("people", Person.objects.count()),
        ("officials", Official.objects.count()),
        ("organisations", Organisation.objects.count()),
    ]


register_demo(
    DemoStep(
        code="members",
        order=10,
        seed=seed,
        logins=[OFFICIAL_LOGIN],
        link_logins=link_demo_logins,
        summary=summary_rows,
        synthetic=lambda count, stdout=None: seed_synthetic(count, stdout=stdout)[
            "synthetic_created"
        ],
    )
)

# The synthetic people and contacts of --scale, in a step of their own.
from . import demo_synthetic_people  # noqa: E402, F401
