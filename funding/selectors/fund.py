"""What the Technical Support Fund reads: the hub of a city, the applications a person may
see, the spread of scores, the envelope, and the approved totals of a year."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from hubs.models import Hub
from hubs.selectors.coverage import hub_for_city  # noqa: F401  (one answer, the hubs app's)
from members.models import LocalGovernment
from scn_portal.accounts.rules import is_mu_staff

from ..models import FundApplication, FundReview, FundRound
from ..models.fund import MAX_SCORE


def visible_applications(user) -> QuerySet[FundApplication]:
    """Every application for Management Unit staff; hub staff see their hub's; others none."""
    applications = FundApplication.objects.all()
    if is_mu_staff(user):
        return applications
    if not user or not user.is_authenticated or not user.is_staff:
        return applications.none()
    hubs = Hub.objects.active().filter(staff__user=user)
    return applications.filter(hub__in=hubs)


def applications_of_city(city: LocalGovernment) -> QuerySet[FundApplication]:
    return (
        FundApplication.objects.filter(local_government=city)
        .select_related("round", "support_kind")
        .order_by("-created_at", "-pk")
    )


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
    return Envelope(envelope=fund_round.envelope_usd, committed=fund_round.committed_usd())


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
