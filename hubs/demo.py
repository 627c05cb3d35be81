"""Demo data for the regional hubs, for ``manage.py seed_demo`` (after ``members.demo``).

The four hubs the network runs today (DOMAIN.md), each covering its region and hosted by
a generic demo partner NGO from ``members/demo_data/organisations.py``, and the new
priority region the strategy names (West Africa / Sahel) as a planned hub run by the
Management Unit. For the cities the active hubs serve: needs assessments with their gaps,
and help-desk requests in every status, each labelled as demo. Everything is upserted by a
stable key (slug, or a code derived from the demo's own numbering); a re-run restores the
demo content and changes no row count.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone, translation

from members.demo import get_organisation
from members.demo_data.organisations import HUB_HOSTS
from members.models import LocalGovernment, Membership, Region, StrategicPriority
from scn_portal.ops.demo import DemoLogin, DemoStep, register_demo

from .models import CapacityGap, HelpMessage, HelpRequest, Hub, HubStaff, NeedsAssessment
from .selectors.coverage import cities_of_hub
from .services import assign_hub_staff

# slug -> names in four languages and the region codes the hub covers.
HUBS = {
    "east-southern-africa": {
        "name": {
            "en": "East and Southern Africa hub",
            "ar": "المركز الإقليمي لشرق وجنوب أفريقيا",
            "fr": "Pôle régional Afrique de l'Est et australe",
            "es": "Centro regional de África Oriental y Austral",
        },
        "regions": ["east-southern-africa"],
        "launched_on": datetime.date(2020, 3, 1),
    },
    "mena": {
        "name": {
            "en": "Middle East and North Africa hub",
            "ar": "المركز الإقليمي للشرق الأوسط وشمال أفريقيا",
            "fr": "Pôle régional Moyen-Orient et Afrique du Nord",
            "es": "Centro regional de Oriente Medio y Norte de África",
        },
        "regions": ["mena"],
        "launched_on": datetime.date(2019, 10, 1),
    },
    "south-asia": {
        "name": {
            "en": "South Asia hub",
            "ar": "المركز الإقليمي لجنوب آسيا",
            "fr": "Pôle régional Asie du Sud",
            "es": "Centro regional de Asia del Sur",
        },
        "regions": ["south-asia"],
        "launched_on": datetime.date(2021, 6, 1),
    },
    "western-balkans": {
        "name": {
            "en": "Western Balkans hub",
            "ar": "المركز الإقليمي لغرب البلقان",
            "fr": "Pôle régional Balkans occidentaux",
            "es": "Centro regional de los Balcanes Occidentales",
        },
        "regions": ["western-balkans"],
        "launched_on": datetime.date(2022, 1, 15),
    },
}

# A hub the strategy plans in a new priority region: no host yet, the Management Unit
# prepares it. Planned hubs serve nobody (the central team does) and have no public page.
PLANNED_HUBS = {
    "west-africa-sahel": {
        "name": {
            "en": "West Africa and Sahel hub",
            "ar": "المركز الإقليمي لغرب أفريقيا والساحل",
            "fr": "Pôle régional Afrique de l'Ouest et Sahel",
            "es": "Centro regional de África Occidental y el Sahel",
        },
        "regions": ["west-africa-sahel"],
    },
}

DESCRIPTION = {
    "en": "Demo hub: a small team of local experts that convenes the region's cities, "
    "maps their needs and answers their questions through the help desk.",
    "ar": "مركز إقليمي تجريبي: فريق صغير من الخبراء المحليين يجمع مدن المنطقة ويرسم خرائط "
    "احتياجاتها ويجيب عن أسئلتها عبر مكتب المساعدة.",
    "fr": "Pôle de démonstration : une petite équipe d'experts locaux qui réunit les villes "
    "de la région, cartographie leurs besoins et répond à leurs questions par le service "
    "d'assistance.",
    "es": "Centro de demostración: un pequeño equipo de expertos locales que reúne a las "
    "ciudades de la región, mapea sus necesidades y responde a sus preguntas a través de "
    "la mesa de ayuda.",
}

# The hub whose staff the demo "hub-staff" login belongs to.
MENA_HUB_SLUG = "mena"


def seed(*, stdout=None) -> dict[str, int]:
    """Upsert the demo hubs, their needs assessments and help-desk requests; return counts."""
    with translation.override("en"), transaction.atomic():
        regions = {region.code: region for region in Region.objects.all()}
        for slug, spec in {**HUBS, **PLANNED_HUBS}.items():
            active = slug in HUBS
            hub, _ = Hub.objects.update_or_create(
                slug=slug,
                defaults={
                    **{f"name_{lang}": text for lang, text in spec["name"].items()},
                    **{f"description_{lang}": text for lang, text in DESCRIPTION.items()},
                    "host": get_organisation(HUB_HOSTS[slug]) if active else None,
                    "staffed_by_management_unit": not active,
                    "status": Hub.Status.ACTIVE if active else Hub.Status.PLANNED,
                    "launched_on": spec.get("launched_on"),
                },
            )
            hub.regions.set([regions[code] for code in spec["regions"]])
        assessments = _seed_needs()
        requests = _seed_help_desk()
    counts = {"hubs": len(HUBS) + len(PLANNED_HUBS), "needs": assessments, "help": requests}
    if stdout is not None:
        stdout.write(
            f"hubs: {counts['hubs']} hubs, {assessments} needs assessments, "
            f"{requests} help-desk requests"
        )
    return counts


# --- Needs assessments and help-desk requests -------------------------------------------

DEMO_NAMESPACE = uuid.UUID("6f1c2a52-5d0e-4c8e-9a43-1b7f0c3e9d21")
ASSESSED_CITIES_PER_HUB = 9
TODAY_FOR_DEMO = datetime.date(2026, 6, 30)
GAPS = [
    "No staff member in charge of prevention (demo).",
    "No referral mechanism between schools, social services and the police (demo).",
    "Young people are not consulted on local policy (demo).",
    "Little contact with the national prevention programme (demo).",
    "No data on hate incidents in the city (demo).",
]


def _demo_code(kind: str, number: int) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{number}")


def _served_members(hub: Hub) -> list[LocalGovernment]:
    return list(
        cities_of_hub(hub)
        .filter(membership__status=Membership.Status.MEMBER)
        .order_by("name_en", "pk")
    )


def _seed_needs() -> int:
    priorities = list(StrategicPriority.objects.order_by("number"))
    if not priorities:
        return 0
    count = 0
    for hub_number, slug in enumerate(HUBS):
        hub = Hub.objects.get(slug=slug)
        for n, city in enumerate(_served_members(hub)[:ASSESSED_CITIES_PER_HUB]):
            number = hub_number * 100 + n
            assessment, _ = NeedsAssessment.objects.update_or_create(
                code=_demo_code("needs", number),
                defaults={
                    "local_government": city,
                    "assessed_on": TODAY_FOR_DEMO - datetime.timedelta(days=40 * n + 7),
                    "source": (
                        NeedsAssessment.Source.CITY if n % 3 == 0 else NeedsAssessment.Source.HUB
                    ),
                    "current_capacities": "A community safety council meets monthly (demo).",
                    "support_requested": "Training for the city's prevention team (demo).",
                },
            )
            chosen = [priorities[(n + k) % len(priorities)] for k in range(1 + n % 3)]
            assessment.priorities.set(chosen)
            assessment.gaps.all().delete()
            CapacityGap.objects.bulk_create(
                CapacityGap(
                    assessment=assessment,
                    priority=priority,
                    description=GAPS[(n + k) % len(GAPS)],
                    severity=1 + (n + k) % 4,
                )
                for k, priority in enumerate(chosen)
            )
            count += 1
    return count


# One request in each status, for the MENA hub's first cities (Rabat's among them, so the
# demo official sees one): (subject, category, status, staff answered, rating).
HELP_REQUESTS = [
    ("Starting a youth council (demo)", "youth", HelpRequest.Status.ANSWERED, True, None),
    ("A local prevention strategy (demo)", "strategy", HelpRequest.Status.NEW, False, None),
    ("Who to talk to in the ministry (demo)", "national_local", "triaged", False, None),
    ("After the riot near the market (demo)", "incident", "in_progress", False, None),
    ("Applying to the fund (demo)", "funding", HelpRequest.Status.CLOSED, True, 5),
    ("Messages for a tense election (demo)", "communication", "reopened", True, None),
]


def _seed_help_desk() -> int:
    hub = Hub.objects.get(slug=MENA_HUB_SLUG)
    cities = _served_members(hub)
    rabat = next((c for c in cities if c.name_en == "Rabat"), None)
    if rabat is not None:
        cities = [rabat, *[c for c in cities if c != rabat]]
    staff = HubStaff.objects.filter(hub=hub).select_related("user").first()
    now = timezone.now()
    count = 0
    for n, (subject, category, status, answered, rating) in enumerate(HELP_REQUESTS):
        if not cities:
            break
        city = cities[n % len(cities)]
        asker = (
            city.officials.filter(is_active=True, person__user__isnull=False)
            .select_related("person__user")
            .first()
        )
        asked_at = now - datetime.timedelta(days=3 * n + 1)
        help_request, _ = HelpRequest.objects.update_or_create(
            code=_demo_code("help", n),
            defaults={
                "local_government": city,
                "hub": hub,
                "asked_by": asker.person.user if asker else None,
                "category": category,
                "subject": subject,
                "status": status,
                "assigned_to": staff.user if staff and status != HelpRequest.Status.NEW else None,
                "first_response_due": asked_at + datetime.timedelta(hours=hub.first_response_hours),
                "first_response_at": asked_at + datetime.timedelta(hours=20) if answered else None,
                "closed_at": now if status == HelpRequest.Status.CLOSED else None,
                "rating": rating,
            },
        )
        help_request.messages.all().delete()
        HelpMessage.objects.create(
            request=help_request,
            author=help_request.asked_by,
            body=f"{subject}: how have other cities in the network gone about it? (demo)",
        )
        HelpMessage.objects.create(
            request=help_request,
            author=staff.user if staff else None,
            body="The city's mayor asked us to follow this closely (demo internal note).",
            is_internal=True,
            from_staff=True,
        )
        if answered:
            HelpMessage.objects.create(
                request=help_request,
                author=staff.user if staff else None,
                body="Two cities of the region did this last year; we will put you in touch "
                "and share their plans (demo).",
                from_staff=True,
            )
        count += 1
    return count


# --- The demo step of seed_demo --------------------------------------------------------

HUB_STAFF_LOGIN = DemoLogin(
    "hub-staff@example.org", "Demo hub staff (MENA)", "regional hub staff, MENA hub", True
)


def link_demo_logins(users: dict) -> None:
    """The hub staff login is the MENA hub's coordinator, named on its public page (which
    also grants its admin access)."""
    assign_hub_staff(
        hub=Hub.objects.get(slug=MENA_HUB_SLUG),
        user=users[HUB_STAFF_LOGIN.email],
        role=HubStaff.TeamRole.COORDINATOR,
        is_public=True,
    )


register_demo(
    DemoStep(
        code="hubs",
        order=20,
        seed=seed,
        logins=[HUB_STAFF_LOGIN],
        link_logins=link_demo_logins,
        summary=lambda: [
            ("hubs", Hub.objects.count()),
            ("needs assessments", NeedsAssessment.objects.count()),
            ("help-desk requests", HelpRequest.objects.count()),
        ],
    )
)


# Activities seed after the hubs, in a step of their own (and their synthetic ones).
from . import demo_activities, demo_synthetic  # noqa: E402, F401
