"""Who may do what in the members app: every question is a named permission, asked the
same way by views, services and the admin (``rules.has_perm("members.…", user, city)``).

The member portal's pages ask through ``rules.has_perm`` rather than ``user.has_perm``,
which grants everything to a superuser: staff work in the admin, not on a city's pages.
Staff's own rights are Django permissions given to their group (``decide_membership``,
``override_eligibility``, ``review_location_change``, ``link_person_account``); a rule
here names the question where more than one place asks it.
"""

import rules
from django.db.models import Exists, OuterRef

from scn_portal.accounts.roles import Role, known_role, register
from scn_portal.accounts.rules import is_mu_staff

from .models import LocalGovernment, Membership, Official

# --- Who acts for a city -----------------------------------------------------------------
# An official sees and changes only the cities they act for (an active Official row). A
# pending request to act for a city grants nothing; staff's access goes through the admin.
# ``LocalGovernment.objects.acted_for_by(user)`` is the same answer for many cities.


def _city_official_known(user) -> bool | None:
    if user is None or not user.is_authenticated:
        return False
    return known_role(user, Role.CITY_OFFICIAL)


def _city_official_rows(user_key):
    """The user's active official rows: ``LocalGovernment.objects.acted_for_by`` is not
    empty exactly when there is one (asked this way, the question is planned in half the
    time)."""
    return Official.objects.filter(person__user=user_key, is_active=True)


@rules.predicate
def is_city_official(user) -> bool:
    """Acts for at least one local government (mayor, focal point or other staff)."""
    answer = _city_official_known(user)
    return _city_official_rows(user.pk).exists() if answer is None else answer


register(Role.CITY_OFFICIAL, is_city_official, rows=_city_official_rows, known=_city_official_known)


@rules.predicate
def is_official_of(user, city) -> bool:
    """Acts for ``city`` today (an active Official row, not a pending claim)."""
    if city is None or not user or not user.is_authenticated or not user.is_active:
        return False
    # Asked several times per page (see, change, apply...): once per city object.
    answers = city.__dict__.setdefault("_is_official_of", {})
    if user.pk not in answers:
        answers[user.pk] = LocalGovernment.objects.acted_for_by(user).filter(pk=city.pk).exists()
    return answers[user.pk]


def with_official_answer(cities, user):
    """``cities`` with the answer of ``is_official_of`` for ``user`` read in the same query
    (a city's portal pages read the city and ask the rule at once: one query, not two).
    Pass each city read through ``remember_official_answer``."""
    if user is None or not user.is_authenticated:
        return cities
    acting = Official.objects.filter(
        local_government=OuterRef("pk"), person__user=user, is_active=True
    )
    return cities.annotate(_acted_for_by_user=Exists(acting))


def remember_official_answer(city, user) -> None:
    """Keep the answer ``with_official_answer`` read for ``is_official_of`` to give."""
    if city is not None and "_acted_for_by_user" in city.__dict__:
        answer = city.__dict__.pop("_acted_for_by_user")
        city.__dict__.setdefault("_is_official_of", {})[user.pk] = answer


# --- Where the city's membership stands ----------------------------------------------------


def _status(city) -> str | None:
    membership = getattr(city, "membership", None) if city is not None else None
    return membership.status if membership is not None else None


@rules.predicate
def has_draft_application(user, city) -> bool:
    """The city's application is a draft its officials may still change (or resubmit)."""
    return _status(city) == Membership.Status.APPLICANT


@rules.predicate
def may_apply(user, city) -> bool:
    """No application is open and the city is not a member: never applied, withdrawn,
    rejected or lapsed. (The state machine also lets staff send an application under
    review back to "applicant"; that is not a new application.)"""
    return _status(city) in (
        None,
        Membership.Status.PROSPECT,
        Membership.Status.WITHDRAWN,
        Membership.Status.REJECTED,
        Membership.Status.LAPSED,
    )


@rules.predicate
def is_member(user, city) -> bool:
    return _status(city) in (Membership.Status.MEMBER, Membership.Status.SUSPENDED)


@rules.predicate
def was_admitted(user, city) -> bool:
    """The Management Unit admitted the city as a member at some time."""
    membership = getattr(city, "membership", None) if city is not None else None
    return membership is not None and membership.joined_on is not None


# --- Staff's rights ----------------------------------------------------------------------


@rules.predicate
def may_review_locations(user) -> bool:
    """Holds the permission to decide changes of location (the Management Unit does)."""
    return bool(user) and user.has_perm("members.review_location_change")


# --- The named permissions ---------------------------------------------------------------

# A city's pages in the member portal, and what its officials change there.
rules.add_perm("members.view_city_portal", is_official_of)
rules.add_perm("members.edit_city_profile", is_official_of)
rules.add_perm("members.edit_city_contacts", is_official_of)
rules.add_perm("members.propose_location", is_official_of)
rules.add_perm("members.edit_application", is_official_of & has_draft_application)
rules.add_perm("members.start_application", is_official_of & may_apply)
rules.add_perm("members.recommit", is_official_of & is_member)
rules.add_perm("members.invite_colleague", is_official_of & was_admitted)
# The membership certificate of one city; and whether someone may ask for any at all.
rules.add_perm("members.request_certificate", is_mu_staff | is_official_of)
may_request_certificates = is_mu_staff | is_city_official
# Staff: accept or refuse a proposed location, or change a city's location directly.
rules.add_perm("members.decide_location_change", may_review_locations)
