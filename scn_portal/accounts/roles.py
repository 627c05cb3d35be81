"""The portal's roles and the registry that tells which ones a user holds.

A role is granted by a record that belongs to the app that owns it: the Management
Unit group (here), a hub assignment (``hubs``), an official's link to a city
(``members``), an ISC seat or an expert profile (``governance``). Each app registers
a predicate for its role in its ``rules.py``; this module only asks them, so the
accounts layer never imports the apps above it. One person can hold several roles.
"""

from collections.abc import Callable

from django.db import models
from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

MANAGEMENT_UNIT_GROUP = "Management Unit"


class Role(models.TextChoices):
    MU_STAFF = "mu_staff", _("Management Unit staff")
    HUB_STAFF = "hub_staff", _("Regional hub staff")
    CITY_OFFICIAL = "city_official", _("City official")
    ISC_MEMBER = "isc_member", _("ISC member")
    EXPERT = "expert", _("Expert")


_providers: dict[str, Callable] = {}
_rows: dict[str, Callable] = {}


def register(role: str, predicate: Callable, *, rows: Callable | None = None) -> None:
    """Declare how to tell whether a user holds ``role`` (a one-argument predicate).

    ``rows(user)``, when given, is the same question in a form that can be asked together
    with the others: a queryset that has a row exactly when ``user`` holds the role, or
    ``True``/``False`` when the answer is known without asking. ``roles_of`` then asks
    every such role in one query, which every signed-in page needs for its navigation.
    """
    _providers[str(role)] = predicate
    if rows is not None:
        _rows[str(role)] = rows


def roles_of(user) -> frozenset[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_scn_roles", None)
    if cached is None:
        held, asked = set(), {}
        for role, test in _providers.items():
            rows = _rows.get(role)
            answer = rows(user) if rows is not None else test(user)
            if isinstance(answer, bool):
                if answer:
                    held.add(role)
            else:
                asked[role] = answer
        if asked:
            names = {f"holds_{n}": role for n, role in enumerate(asked)}
            found = (
                user._meta.model._default_manager.filter(pk=user.pk)
                .values(**{name: Exists(asked[role]) for name, role in names.items()})
                .first()
            ) or {}
            held.update(role for name, role in names.items() if found.get(name))
        cached = frozenset(held)
        user._scn_roles = cached
    return cached


def known_role(user, role: str) -> bool | None:
    """Whether ``user`` holds ``role``, if ``roles_of`` has already asked this request."""
    roles = getattr(user, "_scn_roles", None)
    return None if roles is None else str(role) in roles


def sync_management_unit_group(**kwargs) -> None:
    """Give the Management Unit group every permission of the portal's own apps.

    Runs after each ``migrate`` so new models are covered without a manual step.
    """
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=MANAGEMENT_UNIT_GROUP)
    ours = Permission.objects.exclude(
        content_type__app_label__in=["contenttypes", "sessions", "admin"]
    )
    group.permissions.add(*ours)
