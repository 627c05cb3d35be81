"""``seed_demo --scale N``: the resource hub in proportion to N synthetic cities.

Four resources for every five cities (20,000 at full scale), most published and public,
in English and a third of them in Arabic too, with words common (most titles) and rare
(one in a thousand) so the benchmark can search for both; their search vectors are
computed as the services compute them. Resource *n* is drawn from ``random.Random(n)``
and matched on its title, so the step is idempotent.
"""

import datetime
import random

from django.db import transaction

from members.models import StrategicPriority
from scn_portal.ops.demo import DemoStep, register_demo
from scn_portal.web import page_cache

from .models import Resource
from .services.search import refresh_search_vectors

PREFIX = "Synthetic resource "
BATCH_SIZE = 1_000
PER_CITY = 0.8
COMMON = ["prevention", "community", "youth", "dialogue", "resilience", "cohesion"]
RARE = "ombudsperson"
ARABIC = ["منع التطرف", "التماسك الاجتماعي", "الشباب", "الحوار المجتمعي"]


def title(number: int) -> str:
    return f"{PREFIX}{number:05d} (demo)"


def seed_synthetic(count: int, *, stdout=None) -> int:
    wanted = int(count * PER_CITY)
    with transaction.atomic():
        priority_ids = list(StrategicPriority.objects.values_list("pk", flat=True))
        # A title goes on after its number ("…00042 (demo): youth and dialogue").
        existing = {
            int(found[len(PREFIX) : len(PREFIX) + 5])
            for found in Resource.objects.filter(title_en__startswith=PREFIX).values_list(
                "title_en", flat=True
            )
        }
        numbers = [n for n in range(1, wanted + 1) if n not in existing]
        for start in range(0, len(numbers), BATCH_SIZE):
            drawn = [_resource(n, priority_ids) for n in numbers[start : start + BATCH_SIZE]]
            resources = Resource.objects.bulk_create([d["resource"] for d in drawn])
            if any(r.pk is None for r in resources):  # a backend that returns no ids
                by_title = dict(
                    Resource.objects.filter(
                        title_en__in=[r.title_en for r in resources]
                    ).values_list("title_en", "pk")
                )
                for resource in resources:
                    resource.pk = by_title[resource.title_en]
            through = Resource.priorities.through
            through.objects.bulk_create(
                [
                    through(resource_id=d["resource"].pk, strategicpriority_id=pk)
                    for d in drawn
                    for pk in d["priority_ids"]
                ]
            )
            refresh_search_vectors(resources=[r.pk for r in resources])
        page_cache.bump()  # bulk_create sends no signals
    if stdout is not None:
        stdout.write(f"synthetic resources: {len(numbers)} created")
    return 0  # no city created


def _resource(number: int, priority_ids: list[int]) -> dict:
    rng = random.Random(number)
    words = rng.sample(COMMON, 2)
    if rng.random() < 0.001:
        words.append(RARE)
    arabic = rng.random() < 1 / 3
    published = rng.random() < 0.9
    resource = Resource(
        title_en=f"{title(number)}: {' and '.join(words)}",
        title_ar=f"مورد تجريبي {number:05d}: {rng.choice(ARABIC)}" if arabic else "",
        summary_en=f"A synthetic resource on {', '.join(words)} for load tests.",
        summary_ar="مورد تجريبي لاختبارات الأداء." if arabic else "",
        body_en=f"<p>Synthetic text about {' '.join(words * 3)}.</p>",
        kind=rng.choice(Resource.Kind.values),
        languages=["en", "ar"] if arabic else ["en"],
        visibility=rng.choice([Resource.Visibility.PUBLIC] * 8 + [Resource.Visibility.MEMBERS]),
        status=Resource.Status.PUBLISHED if published else Resource.Status.DRAFT,
        author_kind=Resource.Author.CENTRAL_TEAM,
        published_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 4000))
        if published
        else None,
    )
    return {
        "resource": resource,
        "priority_ids": rng.sample(priority_ids, min(len(priority_ids), rng.randint(1, 2))),
    }


register_demo(
    DemoStep(
        code="resources-synthetic",
        order=91,
        seed=lambda **_options: {},
        synthetic=seed_synthetic,
    )
)
