import rules

from scn_portal.accounts.roles import Role, register


@rules.predicate
def is_city_official(user) -> bool:
    """Acts for at least one local government (mayor, focal point or other staff)."""
    if not user or not user.is_authenticated:
        return False
    from .models import Official

    return Official.objects.filter(person__user=user, is_active=True).exists()


register(Role.CITY_OFFICIAL, is_city_official)


# --- The member portal -----------------------------------------------------------------
# An official sees and changes only the cities they act for (an active Official row). A
# pending request to act for a city grants nothing; staff's access goes through the admin.


@rules.predicate
def is_official_of(user, city) -> bool:
    """Acts for ``city`` today (an active Official row, not a pending claim)."""
    if city is None or not user or not user.is_authenticated or not user.is_active:
        return False
    from .models import Official

    # Asked several times per page (see, change, apply...): once per city object.
    answers = city.__dict__.setdefault("_is_official_of", {})
    if user.pk not in answers:
        answers[user.pk] = Official.objects.filter(
            person__user=user, local_government=city, is_active=True
        ).exists()
    return answers[user.pk]


@rules.predicate
def has_draft_application(user, city) -> bool:
    """The city's application is a draft its officials may still change (or resubmit)."""
    from .models import Membership

    membership = getattr(city, "membership", None) if city is not None else None
    return membership is not None and membership.status == Membership.Status.APPLICANT


@rules.predicate
def may_apply(user, city) -> bool:
    """No application is open and the city is not a member: never applied, withdrawn,
    rejected or lapsed. (The state machine also lets staff send an application under
    review back to "applicant"; that is not a new application.)"""
    from .models import Membership

    membership = getattr(city, "membership", None) if city is not None else None
    return membership is None or membership.status in (
        Membership.Status.PROSPECT,
        Membership.Status.WITHDRAWN,
        Membership.Status.REJECTED,
        Membership.Status.LAPSED,
    )


@rules.predicate
def is_member(user, city) -> bool:
    from .models import Membership

    membership = getattr(city, "membership", None) if city is not None else None
    return membership is not None and membership.status in (
        Membership.Status.MEMBER,
        Membership.Status.SUSPENDED,
    )


rules.add_perm("members.view_city_portal", is_official_of)
rules.add_perm("members.change_city_portal", is_official_of)
rules.add_perm("members.edit_application", is_official_of & has_draft_application)
rules.add_perm("members.start_application", is_official_of & may_apply)
rules.add_perm("members.recommit", is_official_of & is_member)


@rules.predicate
def was_admitted(user, city) -> bool:
    """The Management Unit admitted the city as a member at some time."""
    membership = getattr(city, "membership", None) if city is not None else None
    return membership is not None and membership.joined_on is not None


rules.add_perm("members.invite_colleague", is_official_of & was_admitted)
