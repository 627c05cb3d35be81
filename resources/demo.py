"""Demo data for the resource hub, for ``manage.py seed_demo`` (after hubs and governance).

A few hundred resources of every kind, with their title, summary and text written in the
four languages (``demo_texts``) and marked as demo: each topic as a training module, a
toolkit, a report, a recording and a template, and as a policy, a good practice and a
case study of ten member cities. Most are public and published; some are for members or
staff only, a few are drafts, archived, or good practices a city submitted and staff have
not reviewed yet. Upserted by a stable code; a re-run changes no row count.
"""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from members.models import LocalGovernment, StrategicPriority
from scn_portal.ops.demo import DemoStep, register_demo

from .demo_texts import CITY_KINDS, DEMO_MARK, DEMO_NOTE, LANGUAGES, TITLES, TOPICS
from .models import Resource, Theme
from .services.search import refresh_search_vectors

NAMESPACE = uuid.UUID("5c1a8f0e-7d43-4b8e-9a61-2f0d5e3b9c47")
CITIES_PER_TOPIC = 10
OFFICIAL_EMAIL = "official@example.org"


def _city_names(city) -> dict[str, str]:
    return {lang: getattr(city, f"name_{lang}") or city.name_en for lang in LANGUAGES}


def _texts(kind: str, topic: str, city=None) -> dict[str, str]:
    _theme, _priority, names, paragraphs = TOPICS[topic]
    cities = _city_names(city) if city is not None else {}
    fields = {}
    for lang in LANGUAGES:
        title = TITLES[kind][lang].format(topic=names[lang], city=cities.get(lang, ""))
        fields[f"title_{lang}"] = (title[0].upper() + title[1:] + DEMO_MARK[lang])[:250]
        fields[f"summary_{lang}"] = paragraphs[lang][0]
        fields[f"body_{lang}"] = "".join(
            f"<p>{text}</p>" for text in [*paragraphs[lang], DEMO_NOTE[lang]]
        )
    return fields


def _plan():
    """(key, kind, topic, city) for every demo resource, in a stable order."""
    cities = list(
        LocalGovernment.objects.members().filter(publicly_listed=True).order_by("name_en", "pk")
    )
    for topic in TOPICS:
        for kind in TITLES:
            if kind not in CITY_KINDS:
                yield f"{kind}:{topic}", kind, topic, None
    for t, topic in enumerate(TOPICS):
        for c in range(CITIES_PER_TOPIC):
            if not cities:
                return
            city = cities[(t * 7 + c * 3) % len(cities)]
            for kind in CITY_KINDS:
                yield f"{kind}:{topic}:{city.code}", kind, topic, city


def _workflow(n: int) -> dict:
    """Visibility and status by position: most public and published, some restricted,
    a few drafts, archived, or waiting for review."""
    visibility = Resource.Visibility.PUBLIC
    if n % 7 == 3:
        visibility = Resource.Visibility.MEMBERS
    elif n % 13 == 5:
        visibility = Resource.Visibility.STAFF
    status = Resource.Status.PUBLISHED
    if n % 29 == 11:
        status = Resource.Status.DRAFT
    elif n % 31 == 17:
        status = Resource.Status.ARCHIVED
    return {"visibility": visibility, "status": status}


def seed(*, stdout=None) -> dict[str, int]:
    """Upsert the demo resources; return how many there are."""
    today = timezone.localdate()
    official = get_user_model().objects.filter(email=OFFICIAL_EMAIL).first()
    themes = {theme.code: theme for theme in Theme.objects.all()}
    priorities = {p.number: p for p in StrategicPriority.objects.all()}
    count = 0
    with translation.override("en"), transaction.atomic():
        for n, (key, kind, topic, city) in enumerate(_plan()):
            theme_code, priority_number, _names, _paragraphs = TOPICS[topic]
            fields = {
                **_texts(kind, topic, city),
                **_workflow(n),
                "kind": kind,
                "languages": [LANGUAGES[(n + i) % 4] for i in range(1 + n % 3)],
                "published_on": today - datetime.timedelta(days=(n * 37) % 1000),
                "views": (n * 53) % 400,
                "author_kind": Resource.Author.CITY if city else Resource.Author.CENTRAL_TEAM,
                "author_city": city,
                "countries": [city.country] if city else [],
            }
            if kind == "recording":
                fields["external_url"] = f"https://video.example.org/scn/{topic}"
            if kind == "good_practice" and n % 9 == 3:
                # Submitted from the portal, waiting for staff (the work queue's line).
                fields["status"] = Resource.Status.IN_REVIEW
                fields["visibility"] = Resource.Visibility.PUBLIC
                fields["submitted_by"] = official
            resource, _created = Resource.objects.update_or_create(
                code=uuid.uuid5(NAMESPACE, key), defaults=fields
            )
            if theme_code in themes:
                resource.themes.set([themes[theme_code]])
            if priority_number in priorities:
                resource.priorities.set([priorities[priority_number]])
            if city is not None:
                resource.cities.set([city])
                resource.regions.set([city.region_id] if city.region_id else [])
            count += 1
        refresh_search_vectors(resources=list(_demo_ids().values_list("pk", flat=True)))
    if stdout is not None:
        stdout.write(f"resources: {count} resources in four languages")
    return {"resources": count}


def _demo_ids():
    return Resource.objects.filter(title_en__endswith=DEMO_MARK["en"])


register_demo(
    DemoStep(
        code="resources",
        order=60,
        seed=seed,
        summary=lambda: [("resources", Resource.objects.count())],
    )
)

from . import demo_synthetic  # noqa: E402, F401  (the synthetic resources of --scale)
