"""``seed_demo --scale N``: the network's convening in proportion to N synthetic cities.

For the benchmark at the scale of the largest networks: N activities over the network's
years (one per city: 25,000 at full scale), each with ten registrations of synthetic
focal points (250,000), the held ones with attendance. The focal points of the synthetic
cities get a user account for it (no password: no one signs in with them).

Activity *n* is drawn from its own ``random.Random(n)``, so ``--scale 100`` after
``--scale 50`` adds activities 51 to 100; existing ones (matched on the title) are
skipped, which makes the step idempotent. Everything is written with ``bulk_create``.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from members.models import Official, Person, StrategicPriority
from scn_portal.ops.demo import DemoStep, register_demo
from scn_portal.web import page_cache

from .models import Activity, Hub, Registration

PREFIX = "Synthetic activity "
BATCH_SIZE = 1_000
REGISTRATIONS_PER_ACTIVITY = 10
FIRST_YEAR = 2015
KINDS = [kind for kind in Activity.Kind.values if kind != Activity.Kind.GLOBAL_SUMMIT]
ZONES = ["UTC", "Europe/Brussels", "Africa/Nairobi", "Asia/Amman", "America/Bogota"]


def title(number: int) -> str:
    return f"{PREFIX}{number:05d} (demo)"


def seed_synthetic(count: int, *, stdout=None) -> int:
    with transaction.atomic():
        participants = _synthetic_participants()
        if not participants:
            return 0
        hub_ids = [*Hub.objects.active().values_list("pk", flat=True), None]
        priority_ids = list(StrategicPriority.objects.values_list("pk", flat=True))
        existing = set(
            Activity.objects.filter(title__startswith=PREFIX).values_list("title", flat=True)
        )
        numbers = [n for n in range(1, count + 1) if title(n) not in existing]
        now = timezone.now()
        for start in range(0, len(numbers), BATCH_SIZE):
            drawn = [
                _activity(n, now, hub_ids, priority_ids, participants)
                for n in numbers[start : start + BATCH_SIZE]
            ]
            activities = Activity.objects.bulk_create([d["activity"] for d in drawn])
            if any(a.pk is None for a in activities):  # a backend that returns no ids
                by_title = dict(
                    Activity.objects.filter(title__in=[a.title for a in activities]).values_list(
                        "title", "pk"
                    )
                )
                for activity in activities:
                    activity.pk = by_title[activity.title]
            through = Activity.priorities.through
            through.objects.bulk_create(
                [
                    through(activity_id=d["activity"].pk, strategicpriority_id=pk)
                    for d in drawn
                    for pk in d["priority_ids"]
                ]
            )
            Registration.objects.bulk_create(
                [
                    Registration(
                        activity=d["activity"], activity_ends_at=d["activity"].ends_at, **fields
                    )
                    for d in drawn
                    for fields in d["registrations"]
                ],
                batch_size=BATCH_SIZE,
            )
        # bulk_create sends no signals: the stored public pages must be told.
        page_cache.bump()
    if stdout is not None:
        stdout.write(f"synthetic activities: {len(numbers)} created")
    return 0  # no city created


def _synthetic_participants() -> list[tuple[int, int]]:
    """(user id, city id) of every synthetic focal point, giving an account to those
    without one."""
    officials = Official.objects.filter(person__email__startswith="focal-point.synthetic-")
    missing = list(
        Person.objects.filter(
            email__startswith="focal-point.synthetic-", user__isnull=True
        ).values_list("pk", "email", "full_name")
    )
    if missing:
        User = get_user_model()
        unusable = make_password(None)
        User.objects.bulk_create(
            [
                User(email=email, full_name=name, password=unusable, is_active=True)
                for _pk, email, name in missing
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        user_ids = dict(
            User.objects.filter(email__startswith="focal-point.synthetic-").values_list(
                "email", "pk"
            )
        )
        people = [Person(pk=pk, user_id=user_ids[email]) for pk, email, _name in missing]
        Person.objects.bulk_update(people, ["user"], batch_size=BATCH_SIZE)
    return list(
        officials.filter(person__user__isnull=False)
        .order_by("pk")
        .values_list("person__user_id", "local_government_id")
    )


def _activity(number, now, hub_ids, priority_ids, participants) -> dict:
    rng = random.Random(number)
    first = datetime.datetime(FIRST_YEAR, 1, 1, tzinfo=datetime.UTC)
    span = (now + datetime.timedelta(days=365) - first).total_seconds()
    starts = first + datetime.timedelta(seconds=rng.uniform(0, span))
    starts = starts.replace(minute=0, second=0, microsecond=0)
    held = starts < now
    kind = rng.choice(KINDS)
    activity = Activity(
        kind=kind,
        title=title(number),
        description="A synthetic activity for load tests.",
        hub_id=rng.choice(hub_ids),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=rng.choice([2, 4, 7, 31])),
        time_zone=rng.choice(ZONES),
        place="" if kind == Activity.Kind.WEBINAR else "Synthetic venue",
        online_link="https://meet.example.org/synthetic" if kind == Activity.Kind.WEBINAR else "",
        capacity=rng.choice([None, 30, 60, 120]),
        status=Activity.Status.HELD if held else Activity.Status.OPEN,
        visibility=rng.choice([Activity.Visibility.PUBLIC] * 4 + [Activity.Visibility.MEMBERS]),
    )
    registrations = [
        {
            "user_id": user_id,
            "local_government_id": city_id,
            "status": Registration.Status.REGISTERED,
            "created_at": starts - datetime.timedelta(days=rng.randint(1, 40)),
            "attended": (rng.random() < 0.8) if held else None,
        }
        for user_id, city_id in rng.sample(
            participants, min(len(participants), REGISTRATIONS_PER_ACTIVITY)
        )
    ]
    return {
        "activity": activity,
        "priority_ids": rng.sample(priority_ids, min(len(priority_ids), rng.randint(1, 2))),
        "registrations": registrations,
    }


register_demo(
    DemoStep(
        code="activities-synthetic",
        order=90,  # after every app's demo records
        seed=lambda **_options: {},
        synthetic=seed_synthetic,
    )
)
