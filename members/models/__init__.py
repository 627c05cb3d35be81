"""The ground floor: regions, priorities, principles, organisations, cities and people.

Every other app refers to these records; nothing here imports another app of the network.
"""

from .certificates import Certificate, CertificateSettings
from .eligibility import DisputedTerritory, EligibilityOverride, TerritoryMatch
from .invitations import Invitation
from .membership import Application, Commitment, Membership, MembershipTransition
from .network import (
    CountryRegion,
    GuidingPrinciple,
    MembershipTerms,
    Organisation,
    PrincipleVersion,
    Region,
    StrategicPriority,
)
from .people import ActingClaim, Official, Person
from .places import LOCATION_FIELDS, OFFICIAL_EDITABLE_FIELDS, LocalGovernment, LocationChange

__all__ = [
    "LOCATION_FIELDS",
    "OFFICIAL_EDITABLE_FIELDS",
    "ActingClaim",
    "Application",
    "Certificate",
    "CertificateSettings",
    "Commitment",
    "CountryRegion",
    "DisputedTerritory",
    "EligibilityOverride",
    "GuidingPrinciple",
    "Invitation",
    "LocalGovernment",
    "LocationChange",
    "Membership",
    "MembershipTerms",
    "MembershipTransition",
    "Official",
    "Organisation",
    "Person",
    "PrincipleVersion",
    "Region",
    "StrategicPriority",
    "TerritoryMatch",
]
