"""The network's default indicators: the network as a whole and the five strategic
priorities, in four languages, seeded by a data migration (``0002_seed_indicators``).

Content, not code: staff edit, retire and add indicators in the admin afterwards. An
indicator of a priority names the priority's number; it is linked to that priority as soon
as the priority is recorded (``link_default_indicators``: by the migrations, the figures'
beat task and the demo), and never moved once linked, so a link staff changed stands.
Indicators whose measure is not computed by the portal yet are recorded by staff until it
is.

The functions take the model classes: a migration passes the models of its time (only the
fields of ``0001_initial`` are written), a service the current ones.
"""

# The texts stay one line each, as translators read them.
# ruff: noqa: E501

from decimal import Decimal

NETWORK = None

INDICATORS = [
    {
        "code": "member-cities",
        "priority": NETWORK,
        "name": {
            "en": "Member cities",
            "ar": "المدن الأعضاء",
            "fr": "Villes membres",
            "es": "Ciudades miembro",
        },
        "definition": {
            "en": "Local governments that are members of the network on the last day of the period.",
            "ar": "الحكومات المحلية الأعضاء في الشبكة في اليوم الأخير من الفترة.",
            "fr": "Collectivités locales membres du réseau le dernier jour de la période.",
            "es": "Gobiernos locales miembros de la red el último día del período.",
        },
        "source": "computed",
        "measure": "members.member_cities",
        "disaggregations": ["region", "hub"],
        "public": True,
    },
    {
        "code": "new-members",
        "priority": NETWORK,
        "name": {
            "en": "New member cities",
            "ar": "المدن الأعضاء الجديدة",
            "fr": "Nouvelles villes membres",
            "es": "Nuevas ciudades miembro",
        },
        "definition": {
            "en": "Local governments that joined the network during the period.",
            "ar": "الحكومات المحلية التي انضمت إلى الشبكة خلال الفترة.",
            "fr": "Collectivités locales ayant rejoint le réseau pendant la période.",
            "es": "Gobiernos locales que se unieron a la red durante el período.",
        },
        "source": "computed",
        "measure": "members.new_members",
        "disaggregations": ["region", "hub"],
        "public": True,
    },
    {
        "code": "isc-largest-region-share",
        "priority": NETWORK,
        "name": {
            "en": "Largest share of ISC seats held by one region",
            "ar": "أكبر حصة من مقاعد اللجنة التوجيهية الدولية لمنطقة واحدة",
            "fr": "Part la plus élevée des sièges du Comité directeur international détenue par une région",
            "es": "Mayor proporción de escaños del Comité Directivo Internacional en manos de una región",
        },
        "definition": {
            "en": "The share of the ISC's seats held by the best-represented region; split by region, each region's share.",
            "ar": "حصة المنطقة الأكثر تمثيلاً من مقاعد اللجنة التوجيهية الدولية؛ وحصة كل منطقة عند التقسيم حسب المنطقة.",
            "fr": "La part des sièges du Comité directeur international détenue par la région la mieux représentée ; par région, la part de chacune.",
            "es": "La proporción de escaños del Comité Directivo Internacional de la región mejor representada; por región, la de cada una.",
        },
        "unit": "percentage",
        "direction": "lower",
        "source": "computed",
        "measure": "governance.isc_region_share",
        "disaggregations": ["region"],
        "targets": {2025: Decimal(30), 2026: Decimal(30)},
        "public": True,
    },
    {
        "code": "isc-meetings",
        "priority": NETWORK,
        "name": {
            "en": "ISC meetings held",
            "ar": "اجتماعات اللجنة التوجيهية الدولية المنعقدة",
            "fr": "Réunions du Comité directeur international tenues",
            "es": "Reuniones del Comité Directivo Internacional celebradas",
        },
        "definition": {
            "en": "Meetings of the International Steering Committee held in the period.",
            "ar": "اجتماعات اللجنة التوجيهية الدولية التي عقدت خلال الفترة.",
            "fr": "Réunions du Comité directeur international tenues pendant la période.",
            "es": "Reuniones del Comité Directivo Internacional celebradas en el período.",
        },
        "source": "computed",
        "measure": "governance.meetings_held",
        "targets": {2025: Decimal(2), 2026: Decimal(2)},
    },
    {
        "code": "city-to-city-exchanges",
        "priority": 1,
        "name": {
            "en": "City-to-city exchanges held",
            "ar": "عمليات التبادل بين المدن المنعقدة",
            "fr": "Échanges entre villes organisés",
            "es": "Intercambios entre ciudades realizados",
        },
        "definition": {
            "en": "Exchanges, visits and peer-learning sessions between local governments, within and across regions.",
            "ar": "عمليات التبادل والزيارات وجلسات التعلم بين الأقران بين الحكومات المحلية داخل المناطق وعبرها.",
            "fr": "Échanges, visites et sessions d'apprentissage entre pairs entre collectivités locales, dans une région et d'une région à l'autre.",
            "es": "Intercambios, visitas y sesiones de aprendizaje entre pares entre gobiernos locales, dentro de las regiones y entre ellas.",
        },
        "disaggregations": ["region", "hub"],
    },
    {
        "code": "national-local-dialogues",
        "priority": 2,
        "name": {
            "en": "National–local coordination dialogues held",
            "ar": "حوارات التنسيق الوطني والمحلي المنعقدة",
            "fr": "Dialogues de coordination nationale-locale organisés",
            "es": "Diálogos de coordinación nacional-local realizados",
        },
        "definition": {
            "en": "Dialogues bringing national and local governments together on prevention policies and programmes.",
            "ar": "حوارات تجمع الحكومات الوطنية والمحلية حول سياسات وبرامج الوقاية.",
            "fr": "Dialogues réunissant gouvernements nationaux et collectivités locales sur les politiques et programmes de prévention.",
            "es": "Diálogos que reúnen a gobiernos nacionales y locales sobre políticas y programas de prevención.",
        },
        "disaggregations": ["region"],
    },
    {
        "code": "local-prevention-mechanisms",
        "priority": 3,
        "name": {
            "en": "Member cities with a local prevention mechanism",
            "ar": "المدن الأعضاء التي لديها آلية وقاية محلية",
            "fr": "Villes membres dotées d'un mécanisme local de prévention",
            "es": "Ciudades miembro con un mecanismo local de prevención",
        },
        "definition": {
            "en": "Member cities with a local prevention policy, network or mechanism in place.",
            "ar": "المدن الأعضاء التي لديها سياسة أو شبكة أو آلية وقاية محلية قائمة.",
            "fr": "Villes membres disposant d'une politique, d'un réseau ou d'un mécanisme local de prévention.",
            "es": "Ciudades miembro que cuentan con una política, red o mecanismo local de prevención.",
        },
        "disaggregations": ["region", "kind"],
    },
    {
        "code": "youth-engagement-activities",
        "priority": 4,
        "name": {
            "en": "Youth-engagement activities held",
            "ar": "أنشطة إشراك الشباب المنعقدة",
            "fr": "Activités d'engagement des jeunes organisées",
            "es": "Actividades de participación juvenil realizadas",
        },
        "definition": {
            "en": "Activities in which local governments and young people work together.",
            "ar": "الأنشطة التي تعمل فيها الحكومات المحلية والشباب معاً.",
            "fr": "Activités où collectivités locales et jeunes travaillent ensemble.",
            "es": "Actividades en las que los gobiernos locales y los jóvenes trabajan juntos.",
        },
        "disaggregations": ["region", "hub", "gender", "youth"],
    },
    {
        "code": "mayoral-voice",
        "priority": 5,
        "name": {
            "en": "Mayors and local leaders speaking at national and international events",
            "ar": "رؤساء البلديات والقادة المحليون المتحدثون في الفعاليات الوطنية والدولية",
            "fr": "Maires et élus locaux intervenant lors d'événements nationaux et internationaux",
            "es": "Alcaldes y líderes locales que intervienen en eventos nacionales e internacionales",
        },
        "definition": {
            "en": "Interventions by mayors and local leaders of member cities at national and international events.",
            "ar": "مداخلات رؤساء البلديات والقادة المحليين للمدن الأعضاء في الفعاليات الوطنية والدولية.",
            "fr": "Interventions des maires et élus locaux des villes membres lors d'événements nationaux et internationaux.",
            "es": "Intervenciones de alcaldes y líderes locales de ciudades miembro en eventos nacionales e internacionales.",
        },
        "disaggregations": ["region", "gender"],
    },
    {
        "code": "fund-grants-delivered",
        "priority": NETWORK,
        "name": {
            "en": "Technical Support Fund grants delivered",
            "ar": "منح صندوق تمويل الدعم التقني المنفذة",
            "fr": "Subventions du Fonds d'assistance technique réalisées",
            "es": "Subvenciones del Fondo de Apoyo Técnico ejecutadas",
        },
        "definition": {
            "en": "Grants of the Technical Support Fund whose training or support was delivered in the period.",
            "ar": "منح صندوق تمويل الدعم التقني التي نُفذ تدريبها أو دعمها خلال الفترة.",
            "fr": "Subventions du Fonds d'assistance technique dont la formation ou l'appui a été réalisé pendant la période.",
            "es": "Subvenciones del Fondo de Apoyo Técnico cuya formación o apoyo se ejecutó en el período.",
        },
        "disaggregations": ["region", "hub"],
    },
    {
        "code": "help-desk-within-target",
        "priority": NETWORK,
        "name": {
            "en": "Help-desk requests answered within target",
            "ar": "طلبات مكتب المساعدة التي أُجيب عنها في الموعد المستهدف",
            "fr": "Demandes au service d'assistance traitées dans le délai visé",
            "es": "Solicitudes a la mesa de ayuda respondidas dentro del plazo",
        },
        "definition": {
            "en": "Share of the help-desk requests of the period answered within the target time.",
            "ar": "نسبة طلبات مكتب المساعدة خلال الفترة التي أُجيب عنها في الوقت المستهدف.",
            "fr": "Part des demandes au service d'assistance de la période traitées dans le délai visé.",
            "es": "Proporción de las solicitudes a la mesa de ayuda del período respondidas dentro del plazo.",
        },
        "unit": "percentage",
        "disaggregations": ["hub"],
    },
    {
        "code": "resources-published",
        "priority": NETWORK,
        "name": {
            "en": "Resources published in the digital resource hub",
            "ar": "الموارد المنشورة في مركز الموارد الرقمي",
            "fr": "Ressources publiées dans le centre de ressources numérique",
            "es": "Recursos publicados en el centro de recursos digital",
        },
        "definition": {
            "en": "Good practices, guides and other resources published in the period.",
            "ar": "الممارسات الجيدة والأدلة والموارد الأخرى المنشورة خلال الفترة.",
            "fr": "Bonnes pratiques, guides et autres ressources publiés pendant la période.",
            "es": "Buenas prácticas, guías y otros recursos publicados en el período.",
        },
    },
]


def priority_numbers() -> dict[str, int]:
    """The number of the strategic priority each default indicator of a priority serves."""
    return {spec["code"]: spec["priority"] for spec in INDICATORS if spec["priority"] is not None}


def link_default_indicators(Indicator, StrategicPriority) -> int:
    """Link each default indicator of a priority that has none to the priority recorded with
    its number; return how many were linked. Idempotent; one linked (to that priority or,
    by staff, to another) is left as it is."""
    numbers = priority_numbers()
    by_number = StrategicPriority.objects.filter(number__in=set(numbers.values())).in_bulk(
        field_name="number"
    )
    linked = 0
    # Saved one by one (a handful at most) so the audit trail records each link.
    for indicator in Indicator.objects.filter(code__in=list(numbers), priority=None):
        priority = by_number.get(numbers[indicator.code])
        if priority is not None:
            indicator.priority = priority
            indicator.save(update_fields=["priority"])
            linked += 1
    return linked


def seed_default_indicators(Indicator, Target, StrategicPriority) -> tuple[int, int]:
    """Create the default indicators not recorded yet (with their translations and targets)
    and link those of a priority; return how many were created and how many linked. An
    existing indicator, whatever staff made of it, is left as it is (only linked when it
    has no priority)."""
    existing = set(Indicator.objects.values_list("code", flat=True))
    created = 0
    for order, spec in enumerate(INDICATORS, start=1):
        if spec["code"] in existing:
            continue
        fields = {
            "order": order * 10,
            "unit": spec.get("unit", "number"),
            "direction": spec.get("direction", "higher"),
            "source": spec.get("source", "recorded"),
            "measure": spec.get("measure", ""),
            "disaggregations": spec.get("disaggregations", []),
            "is_public": spec.get("public", False),
            "name": spec["name"]["en"],
            "definition": spec["definition"]["en"],
        }
        for language in ("en", "ar", "fr", "es"):
            fields[f"name_{language}"] = spec["name"][language]
            fields[f"definition_{language}"] = spec["definition"][language]
        indicator = Indicator.objects.create(code=spec["code"], **fields)
        for year, value in spec.get("targets", {}).items():
            Target.objects.create(indicator=indicator, year=year, value=value)
        created += 1
    return created, link_default_indicators(Indicator, StrategicPriority)
