"""The members records whose every change is kept in the audit trail, and the events the
members services name (``scn_portal.audit.events``).

Territory matches are not among the records: they are recomputed in full from the list of
territories (which is audited) on every screening, and each decision they lead to
(an application made ineligible) is recorded on the membership.
"""

from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import audit_event, register_events
from scn_portal.audit.registry import register

from .models import (
    ActingClaim,
    Certificate,
    CertificateSettings,
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
    CertificateSettings,
):
    register(model)
# The verification code opens the certificate's public page: it stays out of the trail.
register(Certificate, exclude=("code",))

register_events(
    {
        # Applications and the membership's status (``services.memberships.transition``
        # names each move after the status it reaches).
        "application_started": _("Application started"),
        "application_step_saved": _("Application step saved"),
        "application_submitted": _("Application submitted"),
        "application_found_ineligible": _("Application found ineligible"),
        "application_review_resumed": _("Review of the application resumed"),
        "more_information_requested": _("More information requested"),
        "membership_approved": _("Membership approved"),
        "membership_rejected": _("Membership rejected"),
        "membership_suspended": _("Membership suspended"),
        "membership_reinstated": _("Membership reinstated"),
        "membership_withdrawn": _("Membership withdrawn"),
        "membership_lapsed": _("Membership lapsed"),
        "prospect_recorded": _("Engaged non-member recorded"),
        "membership_record_corrected": _("Membership record corrected"),
        "commitment_recorded": _("Commitment to the guiding principles recorded"),
        # Membership certificates.
        "certificate_issued": _("Membership certificate issued"),
        "certificate_revoked": _("Membership certificate revoked"),
        "certificate_settings_changed": _("Certificate signatory changed"),
        # The city's record, its location and the disputed-territory check.
        "city_recorded": _("Local government recorded"),
        "city_record_changed": _("Local government's record changed"),
        "city_details_changed": _("City's details changed by its officials"),
        "city_priorities_chosen": _("Strategic priorities chosen"),
        "location_change_proposed": _("Change of location proposed"),
        "location_change_accepted": _("Change of location accepted"),
        "location_change_refused": _("Change of location refused"),
        "city_rescreened": _("City screened again after a change of location"),
        "members_rescreened": _("Members and applicants screened again"),
        "territory_listed": _("Disputed territory listed"),
        "territory_changed": _("Disputed territory changed"),
        "territory_removed": _("Disputed territory removed from the list"),
        "eligibility_overridden": _("Eligibility check overridden"),
        # People, who acts for a city, and invitations.
        "person_recorded": _("Person recorded"),
        "person_changed": _("Person changed"),
        "person_linked_to_account": _("Person linked to an account"),
        "city_contact_recorded": _("City's contact recorded"),
        "official_added": _("Official added"),
        "official_changed": _("Official changed"),
        "official_removed": _("Official removed"),
        "acting_claim_made": _("Request to act for a city sent"),
        "acting_claim_confirmed": _("Request to act for a city confirmed"),
        "acting_claim_refused": _("Request to act for a city refused"),
        "colleague_invited": _("Colleague invited"),
        # The network's texts.
        "principle_version_published": _("Guiding principles version published"),
        "principle_version_changed": _("Guiding principles version changed"),
        "guiding_principle_added": _("Guiding principle added"),
        "guiding_principle_changed": _("Guiding principle changed"),
        "guiding_principle_removed": _("Guiding principle removed"),
        "membership_terms_published": _("Membership terms of reference published"),
        "membership_terms_changed": _("Membership terms of reference changed"),
    }
)


def saving(instance, *, added: str, changed: str):
    """The event of saving ``instance``: ``added`` for a new row, ``changed`` otherwise."""
    return audit_event(added if instance._state.adding else changed)
