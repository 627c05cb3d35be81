"""The members records whose every change is kept in the audit trail.

Territory matches are not among them: they are recomputed in full from the list of
territories (which is audited) on every screening, and each decision they lead to
(an application made ineligible) is recorded on the membership.
"""

from scn_portal.audit.registry import register

from .models import (
    ActingClaim,
    Commitment,
    DisputedTerritory,
    EligibilityOverride,
    GuidingPrinciple,
    Invitation,
    LocalGovernment,
    LocationChange,
    Membership,
    MembershipTerms,
    MembershipTransition,
    Official,
    Person,
    PrincipleVersion,
)

register(Commitment, m2m=("principles",))
register(LocalGovernment, m2m=("priorities",))
for model in (
    Membership,
    MembershipTransition,
    LocationChange,
    DisputedTerritory,
    EligibilityOverride,
    PrincipleVersion,
    GuidingPrinciple,
    MembershipTerms,
    Person,
    Official,
    ActingClaim,
    Invitation,
):
    register(model)
