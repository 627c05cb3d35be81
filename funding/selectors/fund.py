"""What the Technical Support Fund reads: the hub of a city, the applications a person may
see, the spread of scores, the envelope, and the approved totals of a year."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from hubs.models import Hub
from hubs.selectors.coverage import hub_for_city  # noqa: F401  (one answer, the hubs app's)
from members.eligibility import eligibility_of
from members.models import LocalGovernment
from scn_portal.accounts.rules import is_mu_staff

from ..models import Contribution, FundApplication, FundReport, FundReview, FundRound
from ..models.fund import MAX_SCORE, USD


def visible_applications(user) -> QuerySet[FundApplication]:
    """Every application for Management Unit staff; hub staff see their hub's; others none."""
    applications = FundApplication.objects.all()
    if is_mu_staff(user):
        return applications
    if not user or not user.is_authenticated or not user.is_staff:
        return applications.none()
    hubs = Hub.objects.active().filter(staff__user=user)
    return applications.filter(hub__in=hubs)


def cities_applying(user) -> list[dict]:
    """The cities ``user`` acts for, by name, each with whether it may apply (and why not)
    and its applications, the newest first: the same queries for one city or ten."""
    cities = list(
        LocalGovernment.objects.acted_for_by(user).select_related("membership").order_by("name")
    )
    answers = eligibility_of(cities)
    applications: dict[int, list[FundApplication]] = {city.pk: [] for city in cities}
    for application in (
        FundApplication.objects.filter(local_government__in=cities)
        .select_related("round", "support_kind")
        .order_by("-created_at", "-pk")
    ):
        applications[application.local_government_id].append(application)
    return [
        {"city": city, "eligibility": answers[city.pk], "applications": applications[city.pk]}
        for city in cities
    ]


def open_rounds(day=None) -> QuerySet[FundRound]:
    from django.utils import timezone

    return FundRound.objects.open_on(day or timezone.localdate()).order_by("closes_on", "pk")


@dataclass
class Envelope:
    envelope: Decimal
    committed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.envelope - self.committed


def envelope_of(fund_round: FundRound) -> Envelope:
    """The round's envelope and what approvals commit of it (read with the round when it
    comes from ``with_committed``)."""
    committed = getattr(fund_round, "committed_total", None)
    if committed is None:
        committed = fund_round.committed_usd()
    return Envelope(envelope=fund_round.envelope_usd, committed=committed)


def with_committed(rounds: QuerySet[FundRound]) -> QuerySet[FundRound]:
    """Rounds with what approvals commit of each, read in the same query (for lists)."""
    committed = (
        FundApplication.objects.filter(round=OuterRef("pk"), status__in=FundApplication.COMMITTED)
        .values("round")
        .annotate(total=Sum("approved_usd"))
        .values("total")
    )
    return rounds.annotate(
        committed_total=Coalesce(
            Subquery(committed), Value(Decimal("0")), output_field=DecimalField(**USD)
        )
    )


@dataclass
class Spread:
    """The scores of the reviewers who scored, as weighted averages out of MAX_SCORE."""

    weighted: list[Decimal]
    conflicted: int
    waiting: int

    @property
    def lowest(self) -> Decimal | None:
        return min(self.weighted) if self.weighted else None

    @property
    def highest(self) -> Decimal | None:
        return max(self.weighted) if self.weighted else None

    @property
    def mean(self) -> Decimal | None:
        if not self.weighted:
            return None
        return (sum(self.weighted) / len(self.weighted)).quantize(Decimal("0.01"))

    @property
    def scale(self) -> int:
        return MAX_SCORE


def score_spread(application: FundApplication) -> Spread:
    """Each reviewer's weighted score (staff see the spread; reviewers do not)."""
    reviews = FundReview.objects.filter(application=application).prefetch_related(
        "scores__criterion"
    )
    weighted, conflicted, waiting = [], 0, 0
    for review in reviews:
        if review.conflicted:
            conflicted += 1
            continue
        scores = list(review.scores.all())
        if review.submitted_at is None or not scores:
            waiting += 1
            continue
        total_weight = sum(s.criterion.weight for s in scores)
        value = Decimal(sum(s.score * s.criterion.weight for s in scores)) / total_weight
        weighted.append(value.quantize(Decimal("0.01")))
    return Spread(weighted=sorted(weighted), conflicted=conflicted, waiting=waiting)


def reviews_of(user) -> QuerySet[FundReview]:
    """The reviews a person is asked to give, still open (the application in review)."""
    return (
        FundReview.objects.filter(
            reviewer=user, application__status=FundApplication.Status.IN_REVIEW
        )
        .select_related("application__local_government", "application__round")
        .order_by("assigned_at", "pk")
    )


def fund_totals(year: int) -> dict[str, list[dict]]:
    """Approved amounts (USD) of grants decided in ``year``, by kind of support, by
    strategic priority and by region: ``{"by_support_kind": [{"code", "name", "total",
    "count"}], "by_priority": [...], "by_region": [...], "total": Decimal}``.

    Declined, withdrawn and pending applications count for nothing. A grant serving two
    priorities counts in full under each (the priority rows may add up to more than the
    total).
    """
    granted = FundApplication.objects.filter(
        status__in=FundApplication.COMMITTED, decided_at__year=year
    )

    def rows(group_code: str, group_name: str, queryset=granted) -> list[dict]:
        return [
            {
                "code": row[group_code],
                "name": row[group_name],
                "total": row["total"] or Decimal("0"),
                "count": row["count"],
            }
            for row in queryset.values(group_code, group_name)
            .annotate(total=Sum("approved_usd"), count=Count("pk", distinct=True))
            .order_by(group_code)
        ]

    return {
        "by_support_kind": rows("support_kind__code", "support_kind__name"),
        "by_priority": rows(
            "priorities__code", "priorities__title", granted.filter(~Q(priorities=None))
        ),
        "by_region": rows("local_government__region__code", "local_government__region__name"),
        "total": granted.aggregate(total=Sum("approved_usd"))["total"] or Decimal("0"),
    }


# --- What donors' earmarked contributions funded ------------------------------------------


@dataclass
class FundedGrant:
    """A grant of the fund, the contributions whose earmarks it fits, and its results."""

    grant: FundApplication
    contributions: list
    disbursed: Decimal
    outcome: str  # the final report's summary, once received


def _period(contribution) -> tuple[date, date]:
    start = contribution.period_start or date(contribution.year, 1, 1)
    end = contribution.period_end or date(contribution.year, 12, 31)
    return start, end


def _grant_period(grant: FundApplication) -> tuple[date, date] | None:
    decided = grant.decided_at.date() if grant.decided_at else None
    start = grant.starts_on or decided
    end = grant.ends_on or start
    return (start, end) if start else None


def pays_for_grants(contribution) -> bool:
    """Earmarked to something a grant can be (a hub, a priority, an activity, or a type of
    support that pays for the fund's grants) and to no type that pays for something else.
    An unrestricted contribution pays for the network as a whole, no grant in particular."""
    if contribution.support_type_id and not contribution.support_type.funds_fund_grants:
        return False
    return bool(
        contribution.support_type_id
        or contribution.hub_id
        or contribution.priority_id
        or contribution.activity_id
    )


def _fits(contribution, grant: FundApplication) -> bool:
    """The grant is what the contribution is earmarked to, in its period."""
    period = _grant_period(grant)
    if period is None:
        return False
    start, end = _period(contribution)
    if period[1] < start or period[0] > end:
        return False
    if contribution.hub_id and contribution.hub_id != grant.hub_id:
        return False
    if contribution.priority_id and contribution.priority_id not in {
        p.pk for p in grant.priorities.all()
    }:
        return False
    return not contribution.activity_id or contribution.activity_id in {
        a.pk for a in grant.activities.all()
    }


def _grants():
    """Every grant (approved, in delivery or closed) with what the matching reads."""
    return (
        FundApplication.objects.filter(status__in=FundApplication.COMMITTED)
        .select_related("local_government", "hub", "support_kind")
        .prefetch_related(
            "priorities", "activities__hub", "experts__person", "reports", "disbursements"
        )
        .annotate(paid=Sum("disbursements__amount_usd"))
        .order_by("decided_at", "pk")
    )


def _earmarked(contributions):
    return [
        c
        for c in contributions.select_related(
            "donor__organisation", "support_type", "hub", "priority", "activity"
        ).order_by("pk")
        if pays_for_grants(c)
    ]


def _funded(grant: FundApplication, contributions: list) -> FundedGrant:
    final = next(
        (
            r
            for r in grant.reports.all()
            if r.kind == FundReport.Kind.FINAL and r.submitted_at is not None
        ),
        None,
    )
    return FundedGrant(
        grant=grant,
        contributions=contributions,
        disbursed=grant.paid or Decimal("0"),
        outcome=final.summary if final is not None else "",
    )


def grants_funded_by(*, donor, year: int) -> list[FundedGrant]:
    """The fund's grants the donor's earmarked contributions of ``year`` paid for: each
    grant that fits every earmark of one of them (the hub delivering it, a priority it
    serves, an activity delivering it, a type of support that pays for grants) and whose
    support falls in the contribution's period (its year when none is given). Constant
    in queries whatever the number of grants."""
    contributions = _earmarked(Contribution.objects.filter(donor=donor, year=year))
    if not contributions:
        return []
    funded = []
    for grant in _grants():
        fitting = [c for c in contributions if _fits(c, grant)]
        if fitting:
            funded.append(_funded(grant, fitting))
    return funded


def activities_funded_by(*, donor, year: int, grants: list[FundedGrant] | None = None) -> list:
    """The network's activities the donor's contributions of ``year`` paid for: those
    earmarked to an activity, and those delivering the grants they funded; soonest first."""
    if grants is None:
        grants = grants_funded_by(donor=donor, year=year)
    activities = {
        c.activity.pk: c.activity
        for c in Contribution.objects.filter(donor=donor, year=year, activity__isnull=False)
        .select_related("activity__hub")
        .order_by("pk")
    }
    for funded in grants:
        for activity in funded.grant.activities.all():
            activities.setdefault(activity.pk, activity)
    return sorted(activities.values(), key=lambda a: (a.starts_at, a.pk))


def funders_of_grants() -> list[FundedGrant]:
    """Every grant with the contributions (of any donor and year) whose earmarks it fits:
    the IATI file's grants and their funding organisations."""
    contributions = _earmarked(Contribution.objects.all())
    return [_funded(grant, [c for c in contributions if _fits(c, grant)]) for grant in _grants()]
