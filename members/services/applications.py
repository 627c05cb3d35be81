"""Applications for membership: the official's draft, its submission, staff's decision."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event

from ..errors import MembershipError
from ..models import (
    Commitment,
    LocalGovernment,
    Membership,
    MembershipTerms,
    MembershipTransition,
    Official,
    PrincipleVersion,
)
from ..selectors.portal import same_city
from .cities import fill_default_language
from .decisions import require_reason
from .memberships import transition
from .people import person_for_user
from .screening import record_location_check


@audit_event("application_started")
def start_application(*, local_government: LocalGovernment, actor) -> Membership:
    """Open an application for ``local_government`` (a draft the official fills in steps).

    Refuses a second application while one is open, and a city that is already a member.
    """
    with transaction.atomic():
        membership, _created = Membership.objects.select_for_update().get_or_create(
            local_government=local_government
        )
        if membership.is_open_application:
            raise MembershipError(
                _("%(city)s already has an open application."),
                code="application_open",
                params={"city": local_government.name},
            )
        if membership.status in (Membership.Status.MEMBER, Membership.Status.SUSPENDED):
            raise MembershipError(
                _("%(city)s is already a member of the network."),
                code="already_member",
                params={"city": local_government.name},
            )
        transition(membership=membership, to=Membership.Status.APPLICANT, actor=actor)
        membership.application_step = 0
        membership.application_started_at = timezone.now()
        membership.applied_by = actor
        membership.submitted_at = None
        membership.save(
            update_fields=[
                "application_step",
                "application_started_at",
                "applied_by",
                "submitted_at",
            ]
        )
    return membership


@audit_event("application_submitted")
def submit_application(*, membership: Membership, actor) -> MembershipTransition:
    """Submit a completed draft: the eligibility check runs now and explains itself.

    A city inside a disputed territory goes to "ineligible" with the territory and the
    rule named; otherwise the application goes to the Management Unit for review.
    """
    if membership.status != Membership.Status.APPLICANT:
        raise MembershipError(_("Only a draft application can be submitted."), code="not_a_draft")
    with transaction.atomic():
        lg = membership.local_government
        if not _committed_to_current_version(lg):
            raise MembershipError(
                _("Commit to every guiding principle before you submit the application."),
                code="commitment_missing",
            )
        result = record_location_check(local_government=lg)
        if result.matches:
            record = transition(
                membership=membership,
                to=Membership.Status.INELIGIBLE,
                actor=actor,
                reason=result.explanation,
            )
        else:
            record = transition(
                membership=membership, to=Membership.Status.UNDER_REVIEW, actor=actor
            )
        membership.submitted_at = timezone.now()
        membership.save(update_fields=["submitted_at"])
        if not lg.location_confirmed:
            # Screened and in staff's queue: from now on a new location waits for review.
            lg.location_confirmed = True
            lg.save(update_fields=["location_confirmed"])
    return record


def _committed_to_current_version(city: LocalGovernment) -> bool:
    """An application needs a commitment to the version of the principles in force (no
    grace period: that is for members, ``eligibility.commitment_is_current``)."""
    current = PrincipleVersion.objects.current()
    return (
        current is None
        or Commitment.objects.filter(local_government=city, version=current).exists()
    )


@audit_event("membership_approved")
def approve_membership(*, membership: Membership, actor, reason: str = "") -> MembershipTransition:
    """Approve an application under review. Refused while the location check fails."""
    with transaction.atomic():
        lg = membership.local_government
        result = record_location_check(local_government=lg)
        if result.matches:
            raise MembershipError(
                _("This application cannot be approved: %(why)s"),
                code="ineligible",
                params={"why": result.explanation},
            )
        if not _committed_to_current_version(lg):
            raise MembershipError(
                _(
                    "This application cannot be approved: there is no commitment to the "
                    "current guiding principles."
                ),
                code="commitment_missing",
            )
        if membership.status != Membership.Status.UNDER_REVIEW:
            raise MembershipError(
                _("Only an application under review can be approved."), code="not_under_review"
            )
        record = transition(
            membership=membership, to=Membership.Status.MEMBER, actor=actor, reason=reason
        )
        terms = MembershipTerms.objects.current()
        if terms is not None:
            membership.terms = terms
            membership.save(update_fields=["terms"])
    return record


@audit_event("membership_rejected")
def reject_membership(*, membership: Membership, actor, reason: str) -> MembershipTransition:
    require_reason(reason, _("Give the reason for the rejection."))
    return transition(
        membership=membership, to=Membership.Status.REJECTED, actor=actor, reason=reason
    )


@audit_event("more_information_requested")
def request_more_information(*, membership: Membership, actor, reason: str) -> MembershipTransition:
    """Send an application back to the official as a draft, saying what is missing."""
    require_reason(reason, _("Say what information is needed."))
    return transition(
        membership=membership, to=Membership.Status.APPLICANT, actor=actor, reason=reason
    )


class ApplicationStep:
    """What ``Membership.application_step`` records of the portal's guided application.

    Each step is saved as it is completed, so a draft survives a refused later step.
    The principles are agreed one by one: ``PRINCIPLES + n`` means the first n agreed.
    """

    STARTED = 0
    DETAILS = 1
    CONTACTS = 2
    PRINCIPLES = 10
    COMMITMENT = 100

    @classmethod
    def principles_agreed(cls, step: int, total: int) -> int:
        if step >= cls.COMMITMENT:
            return total
        if step < cls.PRINCIPLES:
            return 0
        return min(step - cls.PRINCIPLES, total)


def _already_recorded(local_government: LocalGovernment, actor) -> MembershipError:
    """The refusal for a city another request recorded a moment ago."""
    same = same_city(
        name=local_government.name,
        country=local_government.country,
        subdivision=local_government.subdivision,
    )
    if same is not None and LocalGovernment.objects.acted_for_by(actor).filter(pk=same.pk).exists():
        return MembershipError(
            {
                "name": _(
                    "The application for %(name)s is already saved (the form was sent twice): "
                    "continue it from your cities."
                )
                % {"name": local_government.name}
            },
            code="sent_twice",
        )
    return MembershipError(
        {
            "name": _(
                "%(name)s is already known in this country and subdivision. "
                "Ask to act for it instead of starting a new application."
            )
            % {"name": local_government.name}
        },
        code="duplicate_city",
    )


@audit_event("application_started")
def apply_for_new_city(*, local_government: LocalGovernment, role: str, actor) -> Membership:
    """Record a local government the network does not know yet and open its application.

    ``local_government`` is unsaved; its region is derived from the country. The
    applicant becomes an active official of the city with ``role``. Raises
    ValidationError for a duplicate city (same name, country and subdivision) or any
    invalid field. The caller checks that ``actor`` has a verified email address.
    """
    if local_government.pk is not None:
        raise MembershipError(_("This local government is already known."), code="known")
    with transaction.atomic():
        fill_default_language(local_government)
        local_government.region = local_government.derive_region()
        # Its applicant sets the location until the first submission; then staff see it.
        local_government.location_confirmed = False
        local_government.full_clean()
        try:
            # A double click sends the step twice: the second insert meets the first's row.
            with transaction.atomic():
                local_government.save()
        except IntegrityError as exc:
            local_government.pk = None
            raise _already_recorded(local_government, actor) from exc
        Official.objects.create(
            person=person_for_user(user=actor),
            local_government=local_government,
            role=role,
            is_active=True,
        )
        membership = start_application(local_government=local_government, actor=actor)
        record_application_progress(
            membership=membership, step=ApplicationStep.DETAILS, actor=actor
        )
    return membership


@audit_event("application_step_saved")
def record_application_progress(*, membership: Membership, step: int, actor) -> None:
    """Remember that the draft reached ``step``; going back to an earlier step keeps it.

    Refused unless the application is a draft (status "applicant").
    """
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.status != Membership.Status.APPLICANT:
            raise MembershipError(
                _("Only an application in draft can be changed."), code="not_draft"
            )
        if step > locked.application_step:
            locked.application_step = step
            locked.save(update_fields=["application_step"])
        membership.application_step = locked.application_step
