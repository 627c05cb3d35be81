"""Reads of the member portal that span relations: an official's cities, a city's page,
the search among known local governments, the application's review."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from modeltranslation.settings import AVAILABLE_LANGUAGES

from ..eligibility import Eligibility, eligibility
from ..in_force import in_force
from ..models import (
    ActingClaim,
    Certificate,
    Commitment,
    GuidingPrinciple,
    LocalGovernment,
    LocationChange,
    Membership,
    MembershipTransition,
    Official,
    PrincipleVersion,
)
from .certificates import certificates_of

SEARCH_LIMIT = 20


def membership_of(city: LocalGovernment) -> Membership | None:
    """The city's membership row, or None (a city can be known without one)."""
    return getattr(city, "membership", None)


def portal_cities_of(user) -> list[LocalGovernment]:
    """The cities ``user`` acts for, with their membership: one query however many."""
    return list(
        LocalGovernment.objects.acted_for_by(user).select_related("membership").order_by("name")
    )


def claims_of(user) -> list[ActingClaim]:
    """The user's requests to act for a city, newest first, with the city."""
    return list(
        ActingClaim.objects.filter(user=user)
        .select_related("local_government")
        .order_by("-created_at")
    )


def search_known_cities(query: str, *, user) -> list[LocalGovernment]:
    """Known local governments whose name, in any language, contains ``query``.

    A city that asked not to be listed publicly is found only by its exact name (in any
    language), so the search cannot be used to browse the cities working under threat.
    Cities the user already acts for are left out.
    """
    query = query.strip()
    if len(query) < 2:
        return []
    contains = Q()
    exact = Q()
    for code in AVAILABLE_LANGUAGES:
        contains |= Q(**{f"name_{code}__icontains": query})
        exact |= Q(**{f"name_{code}__iexact": query})
    return list(
        LocalGovernment.objects.filter((contains & Q(publicly_listed=True)) | exact)
        .exclude(pk__in=LocalGovernment.objects.acted_for_by(user).values("pk"))
        .order_by("name")[:SEARCH_LIMIT]
    )


def same_city(
    *, name: str, country: str, subdivision: str, exclude_pk: int | None = None
) -> LocalGovernment | None:
    """A known city with this name (in any language, any case), country and subdivision."""
    name = name.strip()
    if not name or not country:
        return None
    same_name = Q(name__iexact=name)
    for code in AVAILABLE_LANGUAGES:
        same_name |= Q(**{f"name_{code}__iexact": name})
    found = LocalGovernment.objects.filter(
        same_name, country=country, subdivision=(subdivision or "").upper()
    )
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.first()


def current_principles() -> tuple[PrincipleVersion | None, list[GuidingPrinciple]]:
    version = PrincipleVersion.objects.current()
    if version is None:
        return None, []
    return version, list(version.principles.order_by("number"))


def active_officials(city: LocalGovernment) -> QuerySet[Official]:
    return (
        Official.objects.filter(local_government=city, is_active=True)
        .select_related("person")
        .order_by("role", "person__full_name")
    )


def contact_for(city: LocalGovernment, role: str) -> Official | None:
    """The city's current contact in ``role`` (the most recently recorded)."""
    return active_officials(city).filter(role=role).order_by("-pk").first()


@dataclass
class CityPage:
    city: LocalGovernment
    membership: Membership | None
    transitions: list[MembershipTransition]
    commitments: list[Commitment]
    officials: list[Official]
    current_version: PrincipleVersion | None
    committed_to_current: bool
    eligibility: Eligibility
    pending_location_change: LocationChange | None = None
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def latest_request(self) -> MembershipTransition | None:
        """Staff's latest request for more information, if the draft came back."""
        if self.membership is None or self.membership.status != Membership.Status.APPLICANT:
            return None
        latest = self.transitions[0] if self.transitions else None
        sent_back = (Membership.Status.UNDER_REVIEW, Membership.Status.INELIGIBLE)
        if latest and latest.from_status in sent_back and latest.reason:
            return latest
        return None


def city_page(city: LocalGovernment) -> CityPage:
    """Everything a city's page shows, in a fixed number of queries (not one per
    transition, commitment or official)."""
    membership = membership_of(city)
    transitions = (
        list(MembershipTransition.objects.filter(membership=membership).order_by("-at", "-pk"))
        if membership is not None
        else []
    )
    commitments = list(
        Commitment.objects.filter(local_government=city)
        .select_related("version")
        .order_by("-created_at")
    )
    rules = in_force()
    version = rules.current
    return CityPage(
        city=city,
        membership=membership,
        transitions=transitions,
        commitments=commitments,
        officials=list(active_officials(city)),
        current_version=version,
        committed_to_current=version is None
        or any(c.version_id == version.pk for c in commitments),
        eligibility=eligibility(
            city,
            rules.on,
            membership=membership,
            current=version,
            previous=rules.previous,
            committed={c.version_id for c in commitments},
            territories=rules.territories,
        ),
        pending_location_change=pending_location_change(city),
        certificates=certificates_of(city),
    )


def pending_location_change(city: LocalGovernment) -> LocationChange | None:
    """The new location an official proposed for ``city`` that staff have not decided."""
    return LocationChange.objects.pending().filter(local_government=city).first()


def application_review(city: LocalGovernment) -> dict:
    """What the review step shows: contacts, the latest commitment to the current version."""
    version = PrincipleVersion.objects.current()
    commitment = (
        Commitment.objects.filter(local_government=city, version=version)
        .prefetch_related(Prefetch("principles", GuidingPrinciple.objects.order_by("number")))
        .order_by("-created_at")
        .first()
        if version is not None
        else None
    )
    return {
        "officials": list(active_officials(city)),
        "version": version,
        "commitment": commitment,
    }
