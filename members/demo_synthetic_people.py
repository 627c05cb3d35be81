"""``seed_demo --scale N``: the people and contacts of N synthetic cities, ten per city
(about 250,000 at full scale): besides the focal point each city already has, its mayor
and eight other staff, each a person with an official's role at the city. For the admin's
lists of people and officials at the scale of the largest networks.

Idempotent: a city's contacts are made once (matched on their address).
"""

import random

from django.db import transaction

from scn_portal.ops.demo import DemoStep, register_demo

from .models import LocalGovernment, Official, Person

BATCH_CITIES = 1_000
CONTACTS = [Official.Role.MAYOR] + [Official.Role.STAFF] * 8
TITLES = {Official.Role.MAYOR: "Mayor (demo)", Official.Role.STAFF: "Staff member (demo)"}


def email(kind: int, number: str) -> str:
    return f"contact-{kind}.synthetic-{number}@example.org"


def seed_synthetic(count: int, *, stdout=None) -> int:
    made = 0
    with transaction.atomic():
        cities = list(
            LocalGovernment.objects.filter(name_en__startswith="Synthetic city ")
            .order_by("pk")
            .values_list("pk", "name_en")
        )
        done = set(
            Person.objects.filter(email__startswith="contact-0.synthetic-").values_list(
                "email", flat=True
            )
        )
        todo = [(pk, name) for pk, name in cities if email(0, _number(name)) not in done]
        for start in range(0, len(todo), BATCH_CITIES):
            batch = todo[start : start + BATCH_CITIES]
            people, roles = [], []
            for pk, name in batch:
                number = _number(name)
                rng = random.Random(f"contacts-{number}")
                for kind, role in enumerate(CONTACTS):
                    people.append(
                        Person(
                            full_name=f"{'Mayor' if kind == 0 else f'Staff member {kind}'} "
                            f"of {name}",
                            email=email(kind, number),
                            title=TITLES[role],
                            gender=rng.choice([Person.Gender.WOMAN, Person.Gender.MAN]),
                        )
                    )
                    roles.append((pk, role))
            created = Person.objects.bulk_create(people)
            if any(p.pk is None for p in created):  # a backend that returns no ids
                ids = dict(
                    Person.objects.filter(email__in=[p.email for p in people]).values_list(
                        "email", "pk"
                    )
                )
                for person in created:
                    person.pk = ids[person.email]
            Official.objects.bulk_create(
                [
                    Official(person=person, local_government_id=pk, role=role)
                    for person, (pk, role) in zip(created, roles, strict=True)
                ]
            )
            made += len(created)
    if stdout is not None:
        stdout.write(f"synthetic people: {made} created")
    return 0  # no city created


def _number(name: str) -> str:
    # "Synthetic city 00042 (demo)" -> "00042"
    return name.removeprefix("Synthetic city ").split(" ", 1)[0]


register_demo(
    DemoStep(
        code="people-synthetic", order=11, seed=lambda **_options: {}, synthetic=seed_synthetic
    )
)
