"""Demo activities for ``manage.py seed_demo`` (after the hubs): a year of what the
network convenes, every kind, labelled demo in their description. A Global Summit with
its invitations to every eligible city, a regional workshop per hub, webinars; one
workshop is full with a wait-list. Upserted by a code derived from a fixed key, so a
re-run restores the demo values and changes no row count.
"""

import uuid
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from members.eligibility import eligible_cities
from members.models import Official, Region, StrategicPriority
from scn_portal.ops.demo import DemoStep, register_demo

from .models import Activity, ActivityInvitation, Hub, Registration

DEMO_NAMESPACE = uuid.UUID("6f1d7f55-9a4e-4f0c-8a53-5c7d1b0e2a41")
DEMO_LABEL = {
    "en": "Demo activity.",
    "ar": "نشاط تجريبي.",
    "fr": "Activité de démonstration.",
    "es": "Actividad de demostración.",
}

# key -> (kind, titles by language, days from today, hours long, time zone, place, link,
#          hub slug, region code, capacity, status, visibility)
ACTIVITIES = {
    "summit": (
        "global_summit",
        {
            "en": "Strong Cities Global Summit",
            "ar": "مؤتمر القمة العالمي لشبكة المدن القوية",
            "fr": "Sommet mondial du Réseau des villes fortes",
            "es": "Cumbre Mundial de la Red de Ciudades Fuertes",
        },
        120,
        56,
        "America/New_York",
        "New York",
        "",
        None,
        None,
        400,
        "open",
        "members",
    ),
    "mena-workshop": (
        "regional_workshop",
        {
            "en": "Regional workshop: preventing hate in public spaces",
            "ar": "ورشة عمل إقليمية: الوقاية من الكراهية في الأماكن العامة",
            "fr": "Atelier régional : prévenir la haine dans l'espace public",
            "es": "Taller regional: prevenir el odio en los espacios públicos",
        },
        45,
        8,
        "Africa/Casablanca",
        "Rabat",
        "",
        "mena",
        "mena",
        3,
        "full",
        "public",
    ),
    "balkans-exchange": (
        "trans_regional_exchange",
        {
            "en": "City-to-city exchange: Western Balkans and South Asia",
            "ar": "تبادل بين المدن: غرب البلقان وجنوب آسيا",
            "fr": "Échange entre villes : Balkans occidentaux et Asie du Sud",
            "es": "Intercambio entre ciudades: Balcanes Occidentales y Asia del Sur",
        },
        75,
        16,
        "Europe/Sarajevo",
        "Sarajevo",
        "",
        "western-balkans",
        "western-balkans",
        40,
        "open",
        "public",
    ),
    "africa-training": (
        "training",
        {
            "en": "Training for local prevention networks",
            "ar": "تدريب لشبكات الوقاية المحلية",
            "fr": "Formation des réseaux locaux de prévention",
            "es": "Formación para redes locales de prevención",
        },
        30,
        24,
        "Africa/Nairobi",
        "Nairobi",
        "",
        "east-southern-africa",
        "east-southern-africa",
        30,
        "open",
        "public",
    ),
    "webinar-online-hate": (
        "webinar",
        {
            "en": "Webinar: online hate after elections",
            "ar": "ندوة عبر الإنترنت: الكراهية على الإنترنت بعد الانتخابات",
            "fr": "Webinaire : la haine en ligne après les élections",
            "es": "Seminario web: el odio en línea tras las elecciones",
        },
        14,
        2,
        "UTC",
        "",
        "https://meet.example.org/scn-webinar",
        None,
        None,
        None,
        "open",
        "public",
    ),
    "webinar-youth": (
        "webinar",
        {
            "en": "Webinar: young people in city prevention plans",
            "ar": "ندوة عبر الإنترنت: الشباب في خطط الوقاية في المدن",
            "fr": "Webinaire : les jeunes dans les plans de prévention des villes",
            "es": "Seminario web: la juventud en los planes de prevención de las ciudades",
        },
        60,
        2,
        "UTC",
        "",
        "https://meet.example.org/scn-youth",
        None,
        None,
        None,
        "open",
        "public",
    ),
    "national-workshop": (
        "national_workshop",
        {
            "en": "National workshop: mayors and social cohesion",
            "ar": "ورشة عمل وطنية: رؤساء البلديات والتماسك الاجتماعي",
            "fr": "Atelier national : les maires et la cohésion sociale",
            "es": "Taller nacional: alcaldes y cohesión social",
        },
        -40,
        8,
        "Asia/Karachi",
        "Lahore",
        "",
        "south-asia",
        "south-asia",
        25,
        "held",
        "public",
    ),
    "mayors-initiative": (
        "mayoral_initiative",
        {
            "en": "Mayoral leadership initiative: the first cohort",
            "ar": "مبادرة قيادة رؤساء البلديات: الدفعة الأولى",
            "fr": "Initiative de leadership des maires : la première promotion",
            "es": "Iniciativa de liderazgo de alcaldes: la primera promoción",
        },
        90,
        6,
        "Europe/London",
        "London",
        "",
        None,
        None,
        20,
        "planned",
        "members",
    ),
    "briefing": (
        "briefing",
        {
            "en": "Briefing for new member cities",
            "ar": "إحاطة للمدن الأعضاء الجديدة",
            "fr": "Séance d'information pour les nouvelles villes membres",
            "es": "Sesión informativa para nuevas ciudades miembro",
        },
        21,
        1,
        "UTC",
        "",
        "https://meet.example.org/scn-briefing",
        None,
        None,
        None,
        "open",
        "members",
    ),
    "civic-event": (
        "civic_event",
        {
            "en": "Civic event: a city against hate",
            "ar": "فعالية مدنية: مدينة ضد الكراهية",
            "fr": "Événement citoyen : une ville contre la haine",
            "es": "Evento cívico: una ciudad contra el odio",
        },
        150,
        4,
        "Asia/Beirut",
        "Beirut",
        "",
        "mena",
        "mena",
        None,
        "open",
        "public",
    ),
    "partners-meeting": (
        "meeting",
        {
            "en": "Meeting of the hubs' host partners",
            "ar": "اجتماع الشركاء المستضيفين للمراكز الإقليمية",
            "fr": "Réunion des partenaires hôtes des pôles",
            "es": "Reunión de los socios anfitriones de los centros",
        },
        200,
        3,
        "UTC",
        "",
        "https://meet.example.org/scn-hosts",
        None,
        None,
        15,
        "planned",
        "members",
    ),
}
FULL_ACTIVITY = "mena-workshop"


def demo_code(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


def _start(days: int, zone_hours: int = 9):
    today = timezone.localdate()
    day = today + timedelta(days=days)
    return datetime(day.year, day.month, day.day, zone_hours, 0, tzinfo=UTC)


def seed(*, stdout=None) -> dict[str, int]:
    """Upsert the demo activities, the summit's invitations and the full workshop's seats
    and wait-list; return the counts."""
    with transaction.atomic():
        hubs = {hub.slug: hub for hub in Hub.objects.all()}
        regions = {region.code: region for region in Region.objects.all()}
        priorities = list(StrategicPriority.objects.order_by("number")[:2])
        for key, spec in ACTIVITIES.items():
            (
                kind,
                titles,
                days,
                hours,
                zone,
                place,
                link,
                hub,
                region,
                capacity,
                status,
                visibility,
            ) = spec
            starts_at = _start(days)
            hub_row = hubs.get(hub) if hub else None
            activity, _created = Activity.objects.update_or_create(
                code=demo_code(key),
                defaults={
                    "kind": kind,
                    **{f"title_{lang}": text for lang, text in titles.items()},
                    **{f"description_{lang}": text for lang, text in DEMO_LABEL.items()},
                    "organiser": "hub" if hub_row else "central",
                    "hub": hub_row,
                    "region": regions.get(region) if region else None,
                    "starts_at": starts_at,
                    "ends_at": starts_at + timedelta(hours=hours),
                    "time_zone": zone,
                    "place": place,
                    "online_link": link,
                    "capacity": capacity,
                    "status": status,
                    "visibility": visibility,
                    "languages": "English, Arabic, French, Spanish",
                },
            )
            activity.priorities.set(priorities)
        summit = Activity.objects.get(code=demo_code("summit"))
        ActivityInvitation.objects.bulk_create(
            [
                ActivityInvitation(activity=summit, local_government=city, sent_at=summit.starts_at)
                for city in eligible_cities().exclude(activity_invitations__activity=summit)
            ],
            ignore_conflicts=True,
        )
        _fill_with_a_wait_list(Activity.objects.get(code=demo_code(FULL_ACTIVITY)))
    counts = {
        "activities": len(ACTIVITIES),
        "invitations": summit.invitations.count(),
    }
    if stdout is not None:
        stdout.write(
            f"activities: {counts['activities']}, summit invitations: {counts['invitations']}"
        )
    return counts


def _fill_with_a_wait_list(activity: Activity) -> None:
    """The activity's seats taken by demo officials, and two more waiting (by email order,
    so a re-run picks the same people)."""
    users = [
        official.person.user
        for official in Official.objects.reachable()
        .select_related("person__user")
        .order_by("person__user__email")[: activity.capacity + 2]
    ]
    for number, user in enumerate(users):
        status = (
            Registration.Status.REGISTERED
            if number < activity.capacity
            else Registration.Status.WAITING
        )
        Registration.objects.update_or_create(
            activity=activity,
            user=user,
            defaults={
                "status": status,
                "created_at": activity.starts_at - timedelta(days=30 - number),
            },
        )


register_demo(
    DemoStep(
        code="activities",
        order=25,
        seed=seed,
        summary=lambda: [
            (
                "activities",
                Activity.objects.filter(code__in=[demo_code(k) for k in ACTIVITIES]).count(),
            )
        ],
    )
)
