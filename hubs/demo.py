"""Demo data for the regional hubs, for ``manage.py seed_demo`` (after ``members.demo``).

The four hubs the network runs today (DOMAIN.md), each covering its region and hosted by
a generic demo partner NGO from ``members/demo_data/organisations.py``. Upserted by slug;
a re-run restores the demo names, regions and host and changes no row count.
"""

from django.db import transaction
from django.utils import translation

from members.demo import get_organisation
from members.demo_data.organisations import HUB_HOSTS
from members.models import Region
from scn_portal.ops.demo import DemoLogin, DemoStep, register_demo

from .models import Hub
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
    },
    "mena": {
        "name": {
            "en": "Middle East and North Africa hub",
            "ar": "المركز الإقليمي للشرق الأوسط وشمال أفريقيا",
            "fr": "Pôle régional Moyen-Orient et Afrique du Nord",
            "es": "Centro regional de Oriente Medio y Norte de África",
        },
        "regions": ["mena"],
    },
    "south-asia": {
        "name": {
            "en": "South Asia hub",
            "ar": "المركز الإقليمي لجنوب آسيا",
            "fr": "Pôle régional Asie du Sud",
            "es": "Centro regional de Asia del Sur",
        },
        "regions": ["south-asia"],
    },
    "western-balkans": {
        "name": {
            "en": "Western Balkans hub",
            "ar": "المركز الإقليمي لغرب البلقان",
            "fr": "Pôle régional Balkans occidentaux",
            "es": "Centro regional de los Balcanes Occidentales",
        },
        "regions": ["western-balkans"],
    },
}

# The hub whose staff the demo "hub-staff" login belongs to.
MENA_HUB_SLUG = "mena"


def seed(*, stdout=None) -> dict[str, int]:
    """Upsert the four demo hubs with their regions and hosts; return the count."""
    with translation.override("en"), transaction.atomic():
        regions = {region.code: region for region in Region.objects.all()}
        for slug, spec in HUBS.items():
            hub, _ = Hub.objects.update_or_create(
                slug=slug,
                defaults={
                    **{f"name_{lang}": text for lang, text in spec["name"].items()},
                    "host": get_organisation(HUB_HOSTS[slug]),
                    "status": Hub.Status.ACTIVE,
                },
            )
            hub.regions.set([regions[code] for code in spec["regions"]])
    counts = {"hubs": len(HUBS)}
    if stdout is not None:
        stdout.write(f"hubs: {len(HUBS)} hubs")
    return counts


# --- The demo step of seed_demo --------------------------------------------------------

HUB_STAFF_LOGIN = DemoLogin(
    "hub-staff@example.org", "Demo hub staff (MENA)", "regional hub staff, MENA hub", True
)


def link_demo_logins(users: dict) -> None:
    """The hub staff login works for the MENA hub (which also grants its admin access)."""
    assign_hub_staff(hub=Hub.objects.get(slug=MENA_HUB_SLUG), user=users[HUB_STAFF_LOGIN.email])


register_demo(
    DemoStep(
        code="hubs",
        order=20,
        seed=seed,
        logins=[HUB_STAFF_LOGIN],
        link_logins=link_demo_logins,
        summary=lambda: [("hubs", Hub.objects.count())],
    )
)
