"""Demo data for the ISC and the pool of experts, for ``manage.py seed_demo``.

Run after ``members.demo.seed()``: every seat acts for one of its member cities.

- 25 current ISC terms, one per member city in ``ISC_SEATS`` (geographically diverse; the
  co-chairs are the mayors of Rabat and The Hague, as in 2024). Each lasts two years and
  ends on a staggered day counted from the day the demo is seeded (``ENDS_IN_DAYS``): a
  few within 90 days, so the staff work queue's "ISC terms ending within 90 days" has
  items, the rest spread over the next two years; all are current whenever the demo is
  seeded. The co-chairs and a few others are on a renewal: their current term points to
  a previous two-year term. Each seat holder acts for their city (an active official
  link, as the appointment rules expect), so their terms can be renewed and replaced.
- Past terms of the first ISC (2015–2017) for some founding cities, held by "former"
  mayors, so the history has something in it; they are not current.
- 12 experts (Person + Expert) across the three profiles.

People are invented and named by role ("Mayor of Rabat (demo)"). Everything is upserted
(people by full name, a current term by person and city), so a re-run, even in a later
year, keeps 25 current terms.
"""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from members.demo import demo_city, link_person
from members.models import LocalGovernment, Membership, Official, Person, Region
from scn_portal.ops.demo import DemoLogin, DemoStep, register_demo

from .models import CoChairTerm, Expert, IscRegionTarget, IscSettings, IscTerm

# (English city name, country): the member cities with a seat on the ISC today.
ISC_SEATS = [
    ("Rabat", "MA"),
    ("The Hague", "NL"),
    ("Mombasa", "KE"),
    ("Kampala", "UG"),
    ("Cape Town", "ZA"),
    ("Dakar", "SN"),
    ("Kaduna", "NG"),
    ("Tunis", "TN"),
    ("Beirut", "LB"),
    ("Irbid", "JO"),
    ("Dhaka North", "BD"),
    ("Colombo", "LK"),
    ("Mumbai", "IN"),
    ("Tirana", "AL"),
    ("Sarajevo", "BA"),
    ("Skopje", "MK"),
    ("Oslo", "NO"),
    ("Helsinki", "FI"),
    ("London", "GB"),
    ("Montréal", "CA"),
    ("Denver", "US"),
    ("Medellín", "CO"),
    ("Puno", "PE"),
    ("Victoria", "AU"),
    ("Davao City", "PH"),
]
CO_CHAIRS = {("Rabat", "MA"), ("The Hague", "NL")}
# Seats whose current term renews a previous one.
RENEWED = CO_CHAIRS | {("Mombasa", "KE"), ("Oslo", "NO"), ("London", "GB")}
# The seat the demo "isc-member" login sits in.
ISC_LOGIN_SEAT = ("The Hague", "NL")
# In how many days each current term of ``ISC_SEATS`` ends (in the same order): three
# within 90 days; the co-chairs' well after. Under two years, so every term is current.
ENDS_IN_DAYS = [
    450, 540, 25, 55, 80, 120, 150, 180, 210, 240, 270, 300, 330,
    360, 390, 420, 480, 510, 570, 600, 630, 660, 690, 705, 720,
]  # fmt: skip

FIRST_ISC_START = datetime.date(2015, 9, 29)
FIRST_ISC_END = datetime.date(2017, 9, 28)
FIRST_ISC_SEATS = [
    ("Aarhus", "DK"),
    ("Antalya", "TR"),
    ("Atlanta", "US"),
    ("Copenhagen", "DK"),
    ("Kano", "NG"),
    ("Kiffa", "MR"),
    ("Kristiansand", "NO"),
    ("Minneapolis", "US"),
    ("New York City", "US"),
    ("Palermo", "IT"),
    ("Paris", "FR"),
    ("Rotterdam", "NL"),
    ("Stockholm", "SE"),
]

# (full name, profile, title, expertise)
EXPERTS = [
    (
        "Expert in city-to-city exchange (demo)",
        Expert.Profile.LEADER,
        "Former mayor (demo)",
        "Peer exchanges between mayors; city partnerships; trans-regional learning.",
    ),
    (
        "Expert in youth engagement (demo)",
        Expert.Profile.PRACTITIONER,
        "Youth programme lead (demo)",
        "Youth councils; participatory budgeting with young people; youth-led prevention.",
    ),
    (
        "Expert in national–local coordination (demo)",
        Expert.Profile.STAKEHOLDER,
        "Policy adviser (demo)",
        "National prevention plans and their local delivery; coordination mechanisms.",
    ),
    (
        "Expert in local prevention policy (demo)",
        Expert.Profile.PRACTITIONER,
        "Prevention coordinator (demo)",
        "Local prevention strategies; multi-agency case management; safeguarding.",
    ),
    (
        "Expert in social cohesion (demo)",
        Expert.Profile.PRACTITIONER,
        "Community cohesion officer (demo)",
        "Intercommunity dialogue; integration of newcomers; neighbourhood mediation.",
    ),
    (
        "Expert in monitoring, evaluation and learning (demo)",
        Expert.Profile.STAKEHOLDER,
        "Evaluation specialist (demo)",
        "Indicators for prevention programmes; theory of change; learning reviews.",
    ),
    (
        "Expert in online hate and disinformation (demo)",
        Expert.Profile.STAKEHOLDER,
        "Researcher (demo)",
        "Online hate monitoring; local responses to disinformation; digital literacy.",
    ),
    (
        "Expert in community safety (demo)",
        Expert.Profile.PRACTITIONER,
        "Community safety manager (demo)",
        "Community policing partnerships; safe public spaces; protecting places of worship.",
    ),
    (
        "Expert in psychosocial support (demo)",
        Expert.Profile.PRACTITIONER,
        "Psychologist (demo)",
        "Psychosocial support; rehabilitation and reintegration; family support.",
    ),
    (
        "Expert in gender and inclusion (demo)",
        Expert.Profile.STAKEHOLDER,
        "Gender adviser (demo)",
        "Women's participation in local prevention; gender-sensitive programme design.",
    ),
    (
        "Expert in crisis response and recovery (demo)",
        Expert.Profile.LEADER,
        "Former deputy mayor (demo)",
        "Municipal response after attacks and hate incidents; victim support; recovery.",
    ),
    (
        "Expert in municipal communications (demo)",
        Expert.Profile.LEADER,
        "Former city manager (demo)",
        "Strategic communications in a crisis; countering polarising narratives.",
    ),
]
# The expert the demo "expert" login is.
EXPERT_LOGIN_NAME = EXPERTS[0][0]


def seed(*, stdout=None) -> dict[str, int]:
    """Upsert the ISC terms and the experts; return the current-term and expert counts."""
    today = timezone.localdate()
    with translation.override("en"), transaction.atomic():
        cities = _cities({*ISC_SEATS, *FIRST_ISC_SEATS})
        isc_people = {}
        for index, seat in enumerate(ISC_SEATS):
            city = cities[seat]
            if city.membership.status != Membership.Status.MEMBER:
                raise ValueError(f"ISC seat for {city}, which is not a member in the demo data.")
            person = _person(
                seat_holder_name(city),
                title=_title(city) + (", ISC co-chair" if seat in CO_CHAIRS else "") + " (demo)",
                email=f"isc.{_slug(seat)}@example.org",
                index=index,
            )
            start, end = current_term_dates(index, today)
            _upsert_current_term(person, city, start, end, renews=seat in RENEWED)
            _act_for(person, city)
            isc_people[seat] = person
            if seat in CO_CHAIRS:
                CoChairTerm.objects.update_or_create(
                    person=person,
                    local_government=city,
                    defaults={
                        "starts_on": start,
                        "ends_on": end,
                        "decided_on": start - datetime.timedelta(days=30),
                        "method": CoChairTerm.Method.ONLINE_VOTE,
                        "result": "Appointed by an online vote of members (demo).",
                        **NOT_ENDED,
                    },
                )
        IscSettings.objects.get_or_create(pk=1)
        for region in Region.objects.filter(local_governments__isc_terms__isnull=False).distinct():
            IscRegionTarget.objects.get_or_create(region=region, defaults={"target_seats": 2})
        for index, seat in enumerate(FIRST_ISC_SEATS):
            city = cities[seat]
            person = _person(
                f"Former {_title(city).lower()} of {city.name_en} (demo)",
                title=f"Former {_title(city).lower()} (demo)",
                email=f"former-isc.{_slug(seat)}@example.org",
                index=index + 1,
            )
            IscTerm.objects.get_or_create(
                person=person,
                local_government=city,
                starts_on=FIRST_ISC_START,
                defaults={"ends_on": FIRST_ISC_END},
            )
        for index, (full_name, profile, title, expertise) in enumerate(EXPERTS):
            person = _person(
                full_name, title=title, email=f"expert.{index + 1:02d}@example.org", index=index
            )
            Expert.objects.update_or_create(
                person=person,
                defaults={"profile": profile, "expertise": expertise, "is_active": True},
            )
        extra = seed_meetings_and_groups(isc_people=isc_people)
    counts = {
        **extra,
        "current_isc_terms": IscTerm.objects.current().count(),
        "isc_terms": IscTerm.objects.count(),
        "current_co_chairs": CoChairTerm.objects.current().count(),
        "experts": Expert.objects.count(),
    }
    if stdout is not None:
        stdout.write(
            "governance: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
        )
    return counts


# A term as the demo seeds it: running to its planned end (a re-run undoes an early end
# recorded while trying the demo out).
NOT_ENDED = {
    "end_reason": "",
    "end_note": "",
    "planned_ends_on": None,
    "ended_by": None,
    "ended_at": None,
}


def current_term_dates(index: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the current two-year term of the seat at ``index``."""
    end = today + datetime.timedelta(days=ENDS_IN_DAYS[index])
    return _add_years(end + datetime.timedelta(days=1), -2), end


def _act_for(person: Person, city: LocalGovernment) -> None:
    """The seat holder acts for their city, as the appointment rules expect of them."""
    official, _created = Official.objects.get_or_create(
        person=person, local_government=city, role=Official.Role.MAYOR
    )
    if not official.is_active:
        official.is_active = True
        official.save(update_fields=["is_active"])


def seat_holder_name(city: LocalGovernment) -> str:
    """The demo ISC member's full name for a city, e.g. "Mayor of Rabat (demo)"."""
    return f"{_title(city)} of {city.name_en} (demo)"


def _title(city: LocalGovernment) -> str:
    if city.kind == LocalGovernment.Kind.PROVINCE:
        return "Governor"
    if city.kind == LocalGovernment.Kind.OTHER:
        return "Chair"
    return "Mayor"


def _slug(seat: tuple[str, str]) -> str:
    return f"{slugify(seat[0])}.{seat[1].lower()}"


def _cities(seats: set[tuple[str, str]]) -> dict[tuple[str, str], LocalGovernment]:
    found = LocalGovernment.objects.filter(
        name_en__in={name for name, _country in seats}
    ).select_related("membership")
    cities = {(c.name_en, c.country.code): c for c in found}
    missing = seats - set(cities)
    if missing:
        raise ValueError(f"Run members.demo.seed() first; missing cities: {sorted(missing)}")
    return cities


def _person(full_name: str, *, title: str, email: str, index: int) -> Person:
    gender = Person.Gender.WOMAN if index % 2 == 0 else Person.Gender.MAN
    person, _ = Person.objects.update_or_create(
        full_name=full_name, defaults={"title": title, "email": email, "gender": gender}
    )
    return person


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _upsert_current_term(
    person: Person,
    city: LocalGovernment,
    start: datetime.date,
    end: datetime.date,
    *,
    renews: bool,
) -> IscTerm:
    """Create or move this person's latest term for this city (and its previous one)."""
    current = (
        IscTerm.objects.filter(person=person, local_government=city, renewal__isnull=True)
        .select_related("previous")
        .first()
    )
    previous = None
    if renews:
        earlier = {
            "starts_on": _add_years(start, -2),
            "ends_on": start - datetime.timedelta(days=1),
            **NOT_ENDED,
        }
        previous = current.previous if current is not None else None
        if previous is None:
            previous = IscTerm.objects.create(person=person, local_government=city, **earlier)
        else:
            IscTerm.objects.filter(pk=previous.pk).update(**earlier)
    if current is None:
        return IscTerm.objects.create(
            person=person, local_government=city, starts_on=start, ends_on=end, previous=previous
        )
    current.starts_on, current.ends_on, current.previous = start, end, previous
    for name, value in NOT_ENDED.items():
        setattr(current, name, value)
    current.save(update_fields=["starts_on", "ends_on", "previous", *NOT_ENDED])
    return current


# --- Meetings, minutes, terms of reference, working groups (demo) ------------------------

TERMS_OF_REFERENCE = {
    "en": (
        "The International Steering Committee (ISC) gives the Strong Cities Network its "
        "overall strategic direction. It has up to 25 mayors and local leaders of member "
        "cities, a geographically diverse group, and two co-chairs from different regions "
        "appointed by the members for renewable two-year terms. It meets at least twice a "
        "year, virtually or in person, and publishes its minutes. (Demo text.)"
    ),
    "ar": (
        "تحدد اللجنة التوجيهية الدولية التوجه الاستراتيجي العام لشبكة المدن القوية. وتضم ما يصل "
        "إلى 25 من رؤساء البلديات والقادة المحليين للمدن الأعضاء، مع رئيسين مشاركين من منطقتين "
        "مختلفتين يعينهما الأعضاء لمدة عامين قابلة للتجديد. وتجتمع مرتين في السنة على الأقل، "
        "وتنشر محاضر اجتماعاتها. (نص تجريبي.)"
    ),
    "fr": (
        "Le Comité directeur international (CDI) donne au Réseau des villes fortes son "
        "orientation stratégique. Il réunit jusqu'à 25 maires et élus locaux de villes "
        "membres, et deux coprésidents de régions différentes nommés par les membres pour "
        "des mandats renouvelables de deux ans. Il se réunit au moins deux fois par an et "
        "publie ses procès-verbaux. (Texte de démonstration.)"
    ),
    "es": (
        "El Comité Directivo Internacional orienta estratégicamente a la Red de Ciudades "
        "Fuertes. Reúne hasta 25 alcaldes y líderes locales de ciudades miembro, y dos "
        "copresidentes de regiones distintas nombrados por los miembros por mandatos "
        "renovables de dos años. Se reúne al menos dos veces al año y publica sus actas. "
        "(Texto de demostración.)"
    ),
}

AGENDA = [
    {
        "en": "Opening by the co-chairs",
        "ar": "افتتاح الاجتماع من قبل الرئيسين المشاركين",
        "fr": "Ouverture par les coprésidents",
        "es": "Apertura a cargo de los copresidentes",
    },
    {
        "en": "Report of the Management Unit on progress and priorities",
        "ar": "تقرير وحدة الإدارة عن التقدم المحرز والأولويات",
        "fr": "Rapport de l'Unité de gestion sur les progrès et les priorités",
        "es": "Informe de la Unidad de Gestión sobre avances y prioridades",
    },
    {
        "en": "Preparation of the next Global Summit",
        "ar": "التحضير لمؤتمر القمة العالمي القادم",
        "fr": "Préparation du prochain Sommet mondial",
        "es": "Preparación de la próxima Cumbre Mundial",
    },
]

MINUTES_TEXT = [
    {
        "en": "The co-chairs opened the meeting and welcomed the members. (Demo minutes.)",
        "ar": "افتتح الرئيسان المشاركان الاجتماع ورحبا بالأعضاء. (محضر تجريبي.)",
    },
    {
        "en": "The Management Unit reported on the year's activities; members asked for more "
        "city-to-city exchanges in their regions.",
        "ar": "قدمت وحدة الإدارة تقريرا عن أنشطة العام، وطلب الأعضاء مزيدا من التبادل بين المدن "
        "في مناطقهم.",
    },
    {
        "en": "Members agreed the themes of the next Global Summit.",
        "ar": "اتفق الأعضاء على محاور مؤتمر القمة العالمي القادم.",
    },
]

WORKING_GROUPS = [
    (
        {
            "en": "Youth engagement (demo)",
            "ar": "إشراك الشباب (تجريبي)",
            "fr": "Engagement des jeunes (démo)",
            "es": "Participación juvenil (demo)",
        },
        {
            "en": "Cities share how they involve young people in local prevention policy.",
            "ar": "تتبادل المدن تجاربها في إشراك الشباب في سياسات الوقاية المحلية.",
            "fr": (
                "Les villes partagent leurs façons d'associer les jeunes aux politiques "
                "locales de prévention."
            ),
            "es": "Las ciudades comparten cómo involucran a los jóvenes en la prevención local.",
        },
        4,
        [("Rabat", "MA"), ("Oslo", "NO"), ("Medellín", "CO"), ("Mombasa", "KE")],
    ),
    (
        {
            "en": "National–local cooperation (demo)",
            "ar": "التعاون بين المستويين الوطني والمحلي (تجريبي)",
            "fr": "Coopération nationale-locale (démo)",
            "es": "Cooperación nacional-local (demo)",
        },
        {
            "en": "Local governments and national programmes: coordination mechanisms that work.",
            "ar": "الحكومات المحلية والبرامج الوطنية: آليات تنسيق فعالة.",
            "fr": (
                "Collectivités locales et programmes nationaux : des mécanismes de "
                "coordination qui fonctionnent."
            ),
            "es": (
                "Gobiernos locales y programas nacionales: mecanismos de coordinación "
                "que funcionan."
            ),
        },
        2,
        [("Tunis", "TN"), ("Tirana", "AL"), ("Colombo", "LK")],
    ),
]

EXPERT_DETAILS = [
    # (languages, priority numbers, available this quarter)
    (["en", "fr"], [1], True),
    (["en", "fr", "ar"], [4], True),
    (["en", "es"], [2], False),
]


def seed_meetings_and_groups(*, isc_people: dict) -> dict[str, int]:
    """Terms of reference, two meetings a year with minutes, working groups, expert details."""
    from zoneinfo import ZoneInfo

    from members.models import StrategicPriority

    from .models import (
        AgendaItem,
        ExpertEngagement,
        Meeting,
        Minutes,
        MinutesItem,
        TermsOfReference,
        WorkingGroup,
        WorkingGroupMembership,
    )

    today = timezone.localdate()
    tor, _ = TermsOfReference.objects.get_or_create(
        label="2023", defaults={"effective_on": datetime.date(2023, 1, 1)}
    )
    for lang, text in TERMS_OF_REFERENCE.items():
        setattr(tor, f"text_{lang}", text)
    tor.save()

    schedule = [
        (today.year - 1, 3, 14, "Europe/Amsterdam", "in_person", "The Hague"),
        (today.year - 1, 10, 10, "Africa/Casablanca", "hybrid", "Rabat"),
        (today.year, 3, 12, "UTC", "virtual", ""),
        (today.year, 10, 8, "Asia/Colombo", "hybrid", "Colombo"),
    ]
    meetings = []
    for year, month, day, zone, fmt, place in schedule:
        title = f"ISC meeting {year}-{month:02d} (demo)"
        starts_at = datetime.datetime(year, month, day, 14, 0, tzinfo=ZoneInfo(zone))
        meeting, _ = Meeting.objects.update_or_create(
            title_en=title,
            defaults={
                "title": title,
                "starts_at": starts_at,
                "time_zone": zone,
                "format": fmt,
                "place": place,
                "link": "https://meet.example.org/isc" if fmt != "in_person" else "",
            },
        )
        for order, titles in enumerate(AGENDA, start=1):
            item, _ = AgendaItem.objects.get_or_create(
                meeting=meeting, order=order, defaults={"title": titles["en"]}
            )
            for lang, text in titles.items():
                setattr(item, f"title_{lang}", text)
            item.save()
        meetings.append(meeting)

    past = [m for m in meetings if m.starts_at.date() < today]
    for index, meeting in enumerate(past):
        latest = index == len(past) - 1
        minutes, created = Minutes.objects.get_or_create(meeting=meeting, version=1)
        if created:
            if latest:
                minutes.status = Minutes.Status.CIRCULATED
                minutes.circulated_at = timezone.now()
                minutes.review_deadline = timezone.now() + datetime.timedelta(days=10)
            else:
                minutes.status = Minutes.Status.PUBLISHED
                minutes.circulated_at = meeting.starts_at + datetime.timedelta(days=14)
                minutes.approved_at = meeting.starts_at + datetime.timedelta(days=40)
                minutes.approved_how = Minutes.ApprovedBy.CO_CHAIRS
                minutes.published_at = meeting.starts_at + datetime.timedelta(days=41)
            minutes.save()
        for agenda_item, texts in zip(
            meeting.agenda_items.order_by("order"), MINUTES_TEXT, strict=True
        ):
            item, _ = MinutesItem.objects.get_or_create(
                minutes=minutes, agenda_item=agenda_item, defaults={"text": texts["en"]}
            )
            if minutes.status != Minutes.Status.PUBLISHED or _:
                for lang, text in texts.items():
                    setattr(item, f"text_{lang}", text)
                item.save()

    priorities = {p.number: p for p in StrategicPriority.objects.all()}
    cities = _cities({seat for *_rest, seats in WORKING_GROUPS for seat in seats})
    for topics, descriptions, priority, seats in WORKING_GROUPS:
        group, _ = WorkingGroup.objects.get_or_create(
            topic_en=topics["en"], defaults={"topic": topics["en"]}
        )
        for lang in topics:
            setattr(group, f"topic_{lang}", topics[lang])
            setattr(group, f"description_{lang}", descriptions[lang])
        group.status = WorkingGroup.Status.ACTIVE
        group.save()
        if priority in priorities:
            group.priorities.add(priorities[priority])
        for seat in seats:
            city = cities[seat]
            official = city.officials.select_related("person").first()
            if official is None:
                continue
            WorkingGroupMembership.objects.update_or_create(
                group=group,
                person=official.person,
                defaults={
                    "local_government": city,
                    "status": WorkingGroupMembership.Status.ACCEPTED,
                },
            )
        convenor = isc_people.get(seats[0])
        if convenor is not None:
            group.convenors.add(convenor)

    experts = list(Expert.objects.select_related("person").order_by("person__full_name"))
    for expert, (languages, numbers, available) in zip(experts, EXPERT_DETAILS, strict=False):
        expert.languages = languages
        expert.availability = (
            "Two days a month (demo)." if available else "Not available this year (demo)."
        )
        expert.available_from = today if available else None
        expert.available_until = today + datetime.timedelta(days=180) if available else None
        expert.save()
        expert.priorities.set([priorities[n] for n in numbers if n in priorities])
        ExpertEngagement.objects.get_or_create(
            expert=expert,
            kind=ExpertEngagement.Kind.PEER_LEARNING,
            engaged_for=ExpertEngagement.For.ISC,
            starts_on=datetime.date(today.year - 1, 6, 1),
            defaults={
                "ends_on": datetime.date(today.year - 1, 6, 3),
                "outcome": "Facilitated a peer-learning session for ISC members (demo).",
            },
        )
    return {
        "meetings": Meeting.objects.count(),
        "published_minutes": Minutes.objects.filter(status=Minutes.Status.PUBLISHED).count(),
        "working_groups": WorkingGroup.objects.count(),
    }


# --- The demo step of seed_demo --------------------------------------------------------

ISC_MEMBER_LOGIN = DemoLogin(
    "isc-member@example.org", "Demo ISC member (The Hague)", "ISC member, mayor of The Hague"
)
EXPERT_LOGIN = DemoLogin("expert@example.org", "Demo expert", "expert in the pool of experts")


def link_demo_logins(users: dict) -> None:
    """The ISC member's login holds The Hague's demo seat (one of the 25, so the count
    stays 25); the expert's is the first demo expert."""
    seat_city = demo_city(*ISC_LOGIN_SEAT)
    isc_person = Person.objects.get(full_name=seat_holder_name(seat_city))
    link_person(isc_person, users[ISC_MEMBER_LOGIN.email])
    expert = Person.objects.get(full_name=EXPERT_LOGIN_NAME, expert__isnull=False)
    link_person(expert, users[EXPERT_LOGIN.email])


register_demo(
    DemoStep(
        code="governance",
        order=30,
        seed=seed,
        logins=[ISC_MEMBER_LOGIN, EXPERT_LOGIN],
        link_logins=link_demo_logins,
        summary=lambda: [
            ("current ISC terms", IscTerm.objects.current().count()),
            ("experts", Expert.objects.count()),
        ],
    )
)
