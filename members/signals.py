"""Cache invalidation only: the public directory's cached figures, chart and feed are
stale as soon as a city, its membership, its priorities or a region changes; what is in
force for every city (``members.in_force``) as soon as a principle version or a disputed
territory does.

State changes stay in the services; these receivers change nothing but the cache version.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import in_force
from .cache import bump_directory_version
from .models import (
    CountryRegion,
    DisputedTerritory,
    LocalGovernment,
    Membership,
    PrincipleVersion,
    Region,
    StrategicPriority,
)


def _changed(**kwargs) -> None:
    # At once, so the request that made the change reads it. Another request that read the
    # old state in the milliseconds before the commit could cache it under the new version:
    # ``members.cache.TIMEOUT`` bounds that case (an on_commit hook would join the services'
    # own commit callbacks, which the decisions count on being theirs alone).
    bump_directory_version()


def connect() -> None:
    for model in (LocalGovernment, Membership, Region, CountryRegion, StrategicPriority):
        post_save.connect(_changed, sender=model, dispatch_uid=f"directory-{model.__name__}-save")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"directory-{model.__name__}-delete"
        )
    m2m_changed.connect(
        _changed,
        sender=LocalGovernment.priorities.through,
        dispatch_uid="directory-priorities",
    )
    for model in (PrincipleVersion, DisputedTerritory):
        post_save.connect(
            in_force.changed, sender=model, dispatch_uid=f"in-force-{model.__name__}-save"
        )
        post_delete.connect(
            in_force.changed, sender=model, dispatch_uid=f"in-force-{model.__name__}-delete"
        )
