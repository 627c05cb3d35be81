"""Writing the synthetic cities of ``seed_demo --scale N`` in bulk (``members.demo`` draws them)."""

from django.db.models import Model

from ..cache import bump_directory_version
from ..models import LocalGovernment, Membership, Official, Person

BATCH_SIZE = 1000


def write_synthetic_batch(batch: list[dict]) -> None:
    """Write a batch of synthetic cities with their memberships, focal points and priorities."""
    cities = LocalGovernment.objects.bulk_create([c["city"] for c in batch])
    people = Person.objects.bulk_create([c["person"] for c in batch])
    if any(obj.pk is None for obj in (*cities, *people)):  # a backend that returns no ids
        _reload_ids(LocalGovernment, cities, "name_en")
        _reload_ids(Person, people, "full_name")
    Membership.objects.bulk_create(
        [
            Membership(local_government=c["city"], status=c["status"], joined_on=c["joined_on"])
            for c in batch
        ]
    )
    Official.objects.bulk_create(
        [
            Official(
                person=c["person"],
                local_government=c["city"],
                role=Official.Role.FOCAL_POINT,
            )
            for c in batch
        ]
    )
    through = LocalGovernment.priorities.through
    through.objects.bulk_create(
        [
            through(localgovernment_id=c["city"].pk, strategicpriority_id=priority_id)
            for c in batch
            for priority_id in c["priority_ids"]
        ],
        batch_size=BATCH_SIZE,
    )
    # bulk_create sends no signals: the directory's cached figures must be told.
    bump_directory_version()


def _reload_ids(model: type[Model], objs: list[Model], field: str) -> None:
    ids = dict(
        model.objects.filter(**{f"{field}__in": [getattr(o, field) for o in objs]}).values_list(
            field, "pk"
        )
    )
    for obj in objs:
        obj.pk = ids[getattr(obj, field)]
