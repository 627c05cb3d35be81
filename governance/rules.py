"""Who may do what in governance: each rule spelled once, as a ``rules`` predicate.

Views, services, querysets, the admin and reminders ask these rules, by name
(``rules.has_perm("governance.read_minutes", user, minutes)``) or through the predicate.
They are asked through ``rules.has_perm`` rather than ``user.has_perm``, which grants every
permission to a superuser: here a superuser is Management Unit staff (``is_mu_staff``),
but neither an ISC member who reviews minutes nor the expert who keeps a profile.

An answer that depends only on the user is remembered on the user object, one that
depends on an object on that object, so a page asks the database once per question.
"""

import rules
from django.utils import timezone

from scn_portal.accounts.roles import Role, known_role, register
from scn_portal.accounts.rules import is_mu_staff


def _signed_in(user) -> bool:
    return bool(user) and user.is_authenticated


# --- Roles ---------------------------------------------------------------------------------


def _isc_member_known(user) -> bool | None:
    if not _signed_in(user):
        return False
    cached = getattr(user, "_governance_is_isc_member", None)
    return known_role(user, Role.ISC_MEMBER) if cached is None else cached


def _isc_member_rows(user_key):
    from .models import IscTerm

    return IscTerm.objects.current().filter(person__user=user_key)


def _expert_known(user) -> bool | None:
    return known_role(user, Role.EXPERT) if _signed_in(user) else False


def _expert_rows(user_key):
    from .models import Expert

    return Expert.objects.filter(person__user=user_key, is_active=True)


@rules.predicate
def is_isc_member(user) -> bool:
    """Holds a seat on the International Steering Committee today."""
    answer = _isc_member_known(user)
    if answer is None:
        answer = _isc_member_rows(user.pk).exists()
        user._governance_is_isc_member = answer
    return answer


@rules.predicate
def is_expert(user) -> bool:
    """Belongs to the active pool of experts."""
    answer = _expert_known(user)
    return _expert_rows(user.pk).exists() if answer is None else answer


register(Role.ISC_MEMBER, is_isc_member, rows=_isc_member_rows, known=_isc_member_known)
register(Role.EXPERT, is_expert, rows=_expert_rows, known=_expert_known)


# --- The ISC -------------------------------------------------------------------------------

rules.add_perm("governance.view_composition", is_mu_staff)


# --- Meetings, their papers and the calendar feed ------------------------------------------

may_read_isc_papers = is_isc_member | is_mu_staff


@rules.predicate
def is_own_account(user, account) -> bool:
    """``account`` is the user's own (the calendar feed's owner, say)."""
    return _signed_in(user) and account is not None and account.pk == user.pk


# Meetings, their papers and calendar files, the personal calendar feed.
rules.add_perm("governance.read_isc_papers", may_read_isc_papers)
# A reader replaces their own feed address; Management Unit staff anyone's (in the admin).
rules.add_perm(
    "governance.replace_calendar_link", (is_own_account & may_read_isc_papers) | is_mu_staff
)


# --- Minutes ---------------------------------------------------------------------------


@rules.predicate
def is_published(user, minutes) -> bool:
    from .models import Minutes

    return minutes is not None and minutes.status == Minutes.Status.PUBLISHED


@rules.predicate
def is_past_draft(user, minutes) -> bool:
    """Circulated, approved or published: no longer the secretariat's draft."""
    from .models import Minutes

    return minutes is not None and minutes.status != Minutes.Status.DRAFT


@rules.predicate
def is_under_review(user, minutes) -> bool:
    from .models import Minutes

    return minutes is not None and minutes.status == Minutes.Status.CIRCULATED


@rules.predicate
def review_is_open(user, minutes) -> bool:
    """The review deadline has not passed (circulation always sets one)."""
    deadline = minutes.review_deadline if minutes is not None else None
    return deadline is None or timezone.now() <= deadline


# Published minutes for everyone; circulated and approved ones for ISC members and staff;
# drafts for staff only.
may_read_minutes = is_published | is_mu_staff | (is_isc_member & is_past_draft)
# ISC members comment on circulated minutes and answer them until the deadline.
may_review_minutes = is_isc_member & is_under_review & review_is_open

rules.add_perm("governance.read_minutes", may_read_minutes)
rules.add_perm("governance.comment_on_minutes", may_review_minutes)
rules.add_perm("governance.review_minutes", may_review_minutes)


def readable_minutes_statuses(user) -> list[str]:
    """The statuses of the minutes ``user`` may read: ``read_minutes`` asked of each status,
    so a list of minutes answers exactly as the page of one does."""
    from .models import Minutes

    return [s for s in Minutes.Status.values if may_read_minutes.test(user, Minutes(status=s))]


# --- Working groups ------------------------------------------------------------------------


@rules.predicate
def is_convenor(user, group) -> bool:
    """Convenes ``group``: their person is one of its convenors (prefetch ``convenors``
    on a list of groups)."""
    if group is None or not _signed_in(user) or not user.is_active:
        return False
    answers = group.__dict__.setdefault("_governance_is_convenor", {})
    if user.pk not in answers:
        answers[user.pk] = any(person.user_id == user.pk for person in group.convenors.all())
    return answers[user.pk]


# A group's convenors and Management Unit staff answer its requests to join, and see its
# members from cities that are not listed publicly.
rules.add_perm("governance.decide_join_request", is_convenor | is_mu_staff)


# --- The pool of experts -----------------------------------------------------------------


@rules.predicate
def is_own_expert_profile(user, expert) -> bool:
    if expert is None or not _signed_in(user):
        return False
    return expert.person.user_id is not None and expert.person.user_id == user.pk


# Only the expert keeps their profile in the portal; staff keep experts in the admin.
rules.add_perm("governance.edit_expert_profile", is_own_expert_profile)
rules.add_perm("governance.read_expert_profile", is_own_expert_profile | is_mu_staff)
rules.add_perm("governance.search_experts", is_mu_staff)
rules.add_perm("governance.record_engagement", is_mu_staff)
