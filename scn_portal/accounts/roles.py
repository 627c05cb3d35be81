"""The portal's roles and the registry that tells which ones a user holds.

A role is granted by a record that belongs to the app that owns it: the Management
Unit group (here), a hub assignment (``hubs``), an official's link to a city
(``members``), an ISC seat or an expert profile (``governance``). Each app registers
a predicate for its role in its ``rules.py``; this module only asks them, so the
accounts layer never imports the apps above it. One person can hold several roles.
"""

from collections.abc import Callable

from django.db import connections, models, router
from django.db.models import Exists, OuterRef
from django.utils import timezone
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
_known: dict[str, Callable] = {}

# The one query of ``roles_of`` is the same SQL for every user (each role's rows refer to
# the outer user): built and compiled once per process, database, set of roles asked and
# day (a role may depend on the date, as an ISC term does), then sent with the user's key.
# Building and compiling it cost about 5 ms of every signed-in page.
_statements: dict[tuple, tuple[str, tuple, tuple[int, ...]] | None] = {}


def register(
    role: str, predicate: Callable, *, rows: Callable | None = None, known: Callable | None = None
) -> None:
    """Declare how to tell whether a user holds ``role`` (a one-argument predicate).

    ``rows(user_key)``, when given, is the same question in a form that can be asked
    together with the others: a queryset that has a row exactly when the user whose key is
    ``user_key`` holds the role. ``user_key`` is the key itself or a reference to the
    outer query's user (``OuterRef``), so the question is built the same for every user.
    ``known(user)`` gives the answer when it is known without asking (``True`` or
    ``False``: the account's flags, an answer this request already has), else ``None``.
    ``roles_of`` then asks every remaining role in one query, which every signed-in page
    needs for its navigation.
    """
    _providers[str(role)] = predicate
    if rows is not None:
        _rows[str(role)] = rows
        if known is not None:
            _known[str(role)] = known
    _statements.clear()


def roles_of(user) -> frozenset[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_scn_roles", None)
    if cached is None:
        held, asked = set(), []
        for role, test in _providers.items():
            if role not in _rows:
                if test(user):
                    held.add(role)
                continue
            answer = _known[role](user) if role in _known else None
            if answer is None:
                asked.append(role)
            elif answer:
                held.add(role)
        if asked:
            found = _ask(user, tuple(asked))
            held.update(role for role, holds in zip(asked, found, strict=True) if holds)
        cached = frozenset(held)
        user._scn_roles = cached
    return cached


def _compiled(model, asked: tuple[str, ...], key) -> tuple[str, list]:
    holds = {f"holds_{n}": Exists(_rows[role](OuterRef("pk"))) for n, role in enumerate(asked)}
    query = model._default_manager.filter(pk=key).order_by().values(**holds)
    sql, params = query.query.sql_with_params()
    return sql, list(params)


def _statement(model, database: str, asked: tuple[str, ...]):
    """The SQL, its parameters and where the user's key goes in them, or None when the
    SQL is not the same for two users (then it is built for each user)."""
    cache_key = (database, asked, timezone.localdate())
    if cache_key not in _statements:
        sql, params = _compiled(model, asked, -1)
        other_sql, other_params = _compiled(model, asked, -2)
        statement = None
        if sql == other_sql and len(params) == len(other_params):
            places = tuple(
                n
                for n, (one, two) in enumerate(zip(params, other_params, strict=True))
                if one != two
            )
            if places and all(params[n] == -1 for n in places):
                statement = (sql, tuple(params), places)
        if len(_statements) > 64:  # other days, other sets of roles: never more than a few
            _statements.clear()
        _statements[cache_key] = statement
    return _statements[cache_key]


def _ask(user, asked: tuple[str, ...]) -> tuple[bool, ...]:
    model = user._meta.model
    database = router.db_for_read(model)
    statement = _statement(model, database, asked)
    if statement is None:
        sql, params = _compiled(model, asked, user.pk)
    else:
        sql, template, places = statement
        params = list(template)
        for n in places:
            params[n] = user.pk
    with connections[database].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return tuple(bool(value) for value in row) if row else (False,) * len(asked)


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
