"""The network's texts staff publish in the admin: the guiding principles, version by
version, and the membership terms of reference.

A new version of the principles asks members committed to an earlier one to recommit
(``members.reminders.Recommitment``) once it takes effect; nothing else follows a save.
"""

from django.db import transaction

from scn_portal.audit.events import audit_event

from ..audit import saving
from ..models import GuidingPrinciple, MembershipTerms, PrincipleVersion


def save_principle_version(*, version: PrincipleVersion, actor) -> PrincipleVersion:
    with saving(version, added="principle_version_published", changed="principle_version_changed"):
        with transaction.atomic():
            version.save()
    return version


def save_guiding_principle(*, principle: GuidingPrinciple, actor) -> GuidingPrinciple:
    with saving(principle, added="guiding_principle_added", changed="guiding_principle_changed"):
        with transaction.atomic():
            principle.save()
    return principle


@audit_event("guiding_principle_removed")
def remove_guiding_principle(*, principle: GuidingPrinciple, actor) -> None:
    with transaction.atomic():
        principle.delete()


def save_membership_terms(*, terms: MembershipTerms, actor) -> MembershipTerms:
    with saving(terms, added="membership_terms_published", changed="membership_terms_changed"):
        with transaction.atomic():
            terms.save()
    return terms
