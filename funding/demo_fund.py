"""Demo of the Technical Support Fund for ``manage.py seed_demo``: one closed round and one
open round, with applications in every status of the workflow.

The applications are written through the fund's services, by the people who would act:
the city's official starts and submits (Rabat's is the demo official's login), Management
Unit staff screen and decide, the demo expert reviews and scores, the demo ISC member (the
mayor of The Hague) reviews too and declares a conflict of interest on one application;
grants in delivery record their hub, one of its activities and two experts of the pool.
So the step runs when the demo logins have their roles (``link_logins``). The history is
then dated as it would have happened (the services stamp "now"); the closed round is
opened only while its applications are written, then given back its real dates.

What the services cannot do without a file: the final report of the closed grant is
recorded with its summary only (the demo writes no files). Every title ends in "(demo)".
Idempotent: an application already there (by round, city and title) is left as it is, so
a re-run adds nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from governance.models import Expert
from hubs.models import Activity
from members.demo import demo_city
from members.models import Official, StrategicPriority
from scn_portal.ops.demo import DemoStep, register_demo

from .models import (
    Disbursement,
    FundApplication,
    FundReport,
    FundRound,
    FundTransition,
    RubricCriterion,
    SupportKind,
)
from .services import fund as services

S = FundApplication.Status
DEMO = "(demo)"
MU_STAFF_EMAIL = "mu-staff@example.org"
OFFICIAL_EMAIL = "official@example.org"
EXPERT_EMAIL = "expert@example.org"
ISC_MEMBER_EMAIL = "isc-member@example.org"

# round key -> title, days from today it opened and closes, envelope (USD), description.
ROUNDS = {
    "closed": (
        f"Technical Support Fund: 2025 call for proposals {DEMO}",
        -330,
        -270,
        "100000.00",
        "Tailored training and capacity building for member cities. Closed. Demo round.",
    ),
    "open": (
        f"Technical Support Fund: 2026 call for proposals {DEMO}",
        -45,
        45,
        "150000.00",
        "Tailored training and capacity building for member cities. Open. Demo round.",
    ),
}
RUBRIC = (
    ("Alignment with the strategic priorities", 2),
    ("Feasibility and local ownership", 2),
    ("Value for money", 1),
)
# Days after an application was started that each move of its status is dated.
STEP_DAYS = {
    S.SUBMITTED: 7,
    S.WITHDRAWN: 10,
    S.SCREENED: 14,
    S.IN_REVIEW: 17,
    S.APPROVED: 35,
    S.DECLINED: 35,
    S.IN_DELIVERY: 45,
}
DECLARED_DAYS, SCORED_DAYS = 18, 21


@dataclass
class Demo:
    """One demo application and how far it goes."""

    round: str
    city: tuple[str, str]
    title: str
    need: str
    priorities: tuple[int, ...]
    kind: str
    status: str
    started: int  # days from today (negative: in the past)
    starts: int  # the support's first and last days, from today
    ends: int
    requested: str
    amount: str = ""
    conditions: str = ""
    reason: str = ""
    # (expert's scores, ISC member's scores; None: declares a conflict; (): not yet)
    scores: tuple = ((), ())
    disbursements: tuple[tuple[str, int], ...] = ()
    closed: int = 0  # the day the final report came and the grant closed
    other_cities: tuple[tuple[str, str], ...] = field(default_factory=tuple)


APPLICATIONS = [
    # --- The closed round -------------------------------------------------------------------
    Demo(
        round="closed",
        city=("Tunis", "TN"),
        title=f"Training neighbourhood mediators {DEMO}",
        need="Tunis wants trained mediators in four neighbourhoods where tensions between "
        "young people and the police have grown.",
        priorities=(3, 4),
        kind="tailored-training",
        status=S.CLOSED,
        started=-325,
        starts=-250,
        ends=-140,
        requested="30000.00",
        amount="30000.00",
        conditions="A final report with the number of mediators trained.",
        reason="Strong local ownership and a clear plan.",
        scores=((5, 4, 4), (4, 4, 3)),
        disbursements=(("15000.00", -250), ("15000.00", -180)),
        closed=-85,
    ),
    Demo(
        round="closed",
        city=("Mombasa", "KE"),
        title=f"A local prevention network for Mombasa {DEMO}",
        need="The county wants to bring schools, faith leaders and social services into one "
        "prevention network with a referral pathway.",
        priorities=(3,),
        kind="capacity-building",
        status=S.IN_DELIVERY,
        started=-320,
        starts=-60,
        ends=110,
        requested="28000.00",
        amount="25000.00",
        conditions="Hire the network's coordinator before the second payment.",
        reason="Well aligned; the budget for travel is reduced.",
        scores=((4, 4, 3), (4, 3, 4)),
        disbursements=(("10000.00", -55),),
    ),
    Demo(
        round="closed",
        city=("Kano", "NG"),
        title=f"Youth councils in Kano's local government areas {DEMO}",
        need="Kano wants youth councils in its local government areas that advise the "
        "mayor's office on prevention.",
        priorities=(4,),
        kind="tailored-training",
        status=S.IN_DELIVERY,  # its final report is overdue
        started=-318,
        starts=-230,
        ends=-80,
        requested="20000.00",
        amount="20000.00",
        reason="A model other cities of the region can follow.",
        scores=((4, 5, 4), (5, 4, 4)),
        disbursements=(("10000.00", -225), ("10000.00", -120)),
    ),
    Demo(
        round="closed",
        city=("Dakar", "SN"),
        title=f"A city-wide campaign against hate speech {DEMO}",
        need="Dakar wants a media campaign against hate speech before the local elections.",
        priorities=(5,),
        kind="capacity-building",
        status=S.DECLINED,
        started=-315,
        starts=-200,
        ends=-140,
        requested="45000.00",
        reason="A media campaign alone is not capacity building of the city's own services; "
        "the fund would welcome an application that trains the city's staff.",
        scores=((2, 3, 1), (2, 2, 2)),
    ),
    Demo(
        round="closed",
        city=("Puno", "PE"),
        title=f"Dialogue tables with indigenous communities {DEMO}",
        need="Puno wants facilitated dialogue tables between the municipality and "
        "indigenous communities.",
        priorities=(2,),
        kind="tailored-training",
        status=S.WITHDRAWN,
        started=-312,
        starts=-220,
        ends=-150,
        requested="15000.00",
        reason="The regional government funds the same work this year.",
    ),
    # --- The open round ---------------------------------------------------------------------
    Demo(
        round="open",
        city=("Rabat", "MA"),
        title=f"Training youth workers in online prevention {DEMO}",
        need="Rabat's youth workers meet hateful content online every day and have no "
        "training to answer it.",
        priorities=(4, 3),
        kind="tailored-training",
        status=S.APPROVED,
        started=-40,
        starts=20,
        ends=170,
        requested="40000.00",
        amount="35000.00",
        conditions="Share the training material with the MENA hub for other cities.",
        reason="Well aligned, with a clear timeline; the equipment line is not funded.",
        scores=((5, 4, 4), (4, 4, 4)),
        other_cities=(("Tunis", "TN"),),
    ),
    Demo(
        round="open",
        city=("Kaduna", "NG"),
        title=f"Early warning among community leaders {DEMO}",
        need="Kaduna wants its community leaders trained to notice and report early signs "
        "of violence.",
        priorities=(3,),
        kind="tailored-training",
        status=S.IN_REVIEW,  # scored by the expert; the ISC member declared a conflict
        started=-30,
        starts=30,
        ends=150,
        requested="22000.00",
        scores=((4, 3, 4), None),
    ),
    Demo(
        round="open",
        city=("Medellín", "CO"),
        title=f"Mentoring for former gang members {DEMO}",
        need="Medellín wants to train mentors who accompany young people leaving gangs.",
        priorities=(4,),
        kind="capacity-building",
        status=S.IN_REVIEW,  # waiting for the expert's declaration and scores
        started=-25,
        starts=40,
        ends=200,
        requested="26000.00",
    ),
    Demo(
        round="open",
        city=("Mumbai", "IN"),
        title=f"Ward-level peace committees {DEMO}",
        need="Mumbai wants to train the members of new ward-level peace committees.",
        priorities=(3, 2),
        kind="tailored-training",
        status=S.SCREENED,
        started=-20,
        starts=60,
        ends=180,
        requested="18000.00",
        reason="Eligible member; the plan serves two of the fund's priorities.",
    ),
    Demo(
        round="open",
        city=("Beirut", "LB"),
        title=f"Social cohesion in shared public spaces {DEMO}",
        need="Beirut wants to train its municipal police and park staff to manage tensions "
        "in shared public spaces.",
        priorities=(3,),
        kind="tailored-training",
        status=S.SUBMITTED,
        started=-10,
        starts=60,
        ends=150,
        requested="16000.00",
    ),
    Demo(
        round="open",
        city=("Rabat", "MA"),
        title=f"A youth advisory council for Rabat {DEMO}",
        need="Rabat wants a youth advisory council; the draft still needs its budget.",
        priorities=(4,),
        kind="capacity-building",
        status=S.DRAFT,
        started=-4,
        starts=90,
        ends=240,
        requested="",
    ),
]


def seed(*, stdout=None) -> dict[str, int]:
    """The two rounds and their rubric (the applications come with the demo logins)."""
    today = timezone.localdate()
    with transaction.atomic():
        for key in ROUNDS:
            _round(key, today)
    return {"rounds": FundRound.objects.filter(title__endswith=DEMO).count()}


def _round(key: str, today: datetime.date) -> FundRound:
    title, opens, closes, envelope, description = ROUNDS[key]
    fund_round = FundRound.objects.filter(title=title).first() or FundRound(title=title)
    fund_round.description = description
    fund_round.kind = FundRound.Kind.ROUND
    fund_round.opens_on = today + datetime.timedelta(days=opens)
    fund_round.closes_on = today + datetime.timedelta(days=closes)
    fund_round.envelope_usd = Decimal(envelope)
    services.save_round(
        fund_round=fund_round,
        priorities=StrategicPriority.objects.all(),
        support_kinds=SupportKind.objects.filter(is_active=True),
        actor=None,
    )
    for order, (criterion, weight) in enumerate(RUBRIC):
        if not fund_round.rubric.filter(title=criterion).exists():
            services.save_criterion(
                criterion=RubricCriterion(
                    round=fund_round, title=criterion, weight=weight, order=order
                ),
                actor=None,
            )
    return fund_round


def link_demo_logins(users: dict) -> None:
    """Write the demo applications that are not there yet, through the services."""
    today = timezone.localdate()
    rounds = {key: FundRound.objects.get(title=ROUNDS[key][0]) for key in ROUNDS}
    with transaction.atomic():
        for key, fund_round in rounds.items():
            missing = [
                demo
                for demo in APPLICATIONS
                if demo.round == key
                and not FundApplication.objects.filter(
                    round=fund_round, title=demo.title, local_government=demo_city(*demo.city)
                ).exists()
            ]
            if not missing:
                continue
            with _open_for_seeding(fund_round, today):
                for demo in missing:
                    _apply(demo, fund_round, users, today)


class _open_for_seeding:
    """A closed round takes its demo applications as if it were open, then closes again."""

    def __init__(self, fund_round: FundRound, today: datetime.date):
        self.fund_round, self.today = fund_round, today
        self.dates = (fund_round.opens_on, fund_round.closes_on)

    def __enter__(self):
        if not self.fund_round.is_open(self.today):
            self.fund_round.opens_on = min(self.dates[0], self.today)
            self.fund_round.closes_on = self.today
            self.fund_round.save(update_fields=["opens_on", "closes_on"])

    def __exit__(self, *exc):
        self.fund_round.opens_on, self.fund_round.closes_on = self.dates
        self.fund_round.save(update_fields=["opens_on", "closes_on"])


def _city_official(city):
    official = (
        Official.objects.reachable().filter(local_government=city).select_related("person__user")
    ).first()
    return official.person.user if official is not None else None


def _day(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


def _apply(demo: Demo, fund_round: FundRound, users: dict, today: datetime.date) -> None:
    city = demo_city(*demo.city)
    staff = users[MU_STAFF_EMAIL]
    official = users[OFFICIAL_EMAIL] if demo.city == ("Rabat", "MA") else _city_official(city)
    application = services.start_application(
        local_government=city, fund_round=fund_round, title=demo.title, actor=official
    )
    services.update_draft(
        application=application,
        data={
            "need": demo.need,
            "support_kind": SupportKind.objects.get(code=demo.kind),
            "starts_on": _day(today, demo.starts),
            "ends_on": _day(today, demo.ends),
            "timeline": "Preparation in the first month, then workshops every six weeks, "
            "and a closing session with the hub.",
            "requested_usd": Decimal(demo.requested) if demo.requested else None,
            "in_kind_needs": "A venue from the municipality; interpretation.",
        },
        priorities=StrategicPriority.objects.filter(number__in=demo.priorities),
        other_cities=[demo_city(*other) for other in demo.other_cities],
        actor=official,
    )
    if demo.status != S.DRAFT:
        _decide(demo, application, official, staff, users, today)
    _date_history(demo, application, today)


def _decide(demo, application, official, staff, users, today) -> None:
    services.submit_application(application=application, actor=official)
    if demo.status == S.WITHDRAWN:
        services.withdraw_application(application=application, actor=official, reason=demo.reason)
        return
    if demo.status == S.SUBMITTED:
        return
    services.screen_application(
        application=application,
        passed=True,
        note=demo.reason if demo.status == S.SCREENED else "Eligible member, aligned.",
        actor=staff,
    )
    if demo.status == S.SCREENED:
        return
    reviewers = [users[EXPERT_EMAIL], users[ISC_MEMBER_EMAIL]]
    reviews = services.assign_reviewers(application=application, reviewers=reviewers, actor=staff)
    criteria = list(application.round.rubric.all())
    for review, scores in zip(reviews, demo.scores, strict=True):
        if scores is None:
            services.declare_conflict(
                review=review,
                conflicted=True,
                note="The Hague and this city run a peer exchange together.",
                actor=review.reviewer,
            )
        elif scores:
            services.declare_conflict(review=review, conflicted=False, actor=review.reviewer)
            services.score_application(
                review=review,
                scores={c.pk: value for c, value in zip(criteria, scores, strict=True)},
                comment="Clear need; the plan fits the city's capacity.",
                actor=review.reviewer,
            )
    if demo.status == S.IN_REVIEW:
        return
    if demo.status == S.DECLINED:
        services.decline_application(application=application, reason=demo.reason, actor=staff)
        return
    services.approve_application(
        application=application,
        amount_usd=Decimal(demo.amount),
        conditions=demo.conditions,
        reason=demo.reason,
        actor=staff,
    )
    if demo.status == S.APPROVED:
        return
    services.start_delivery(application=application, actor=staff)
    _record_delivery(application, staff)
    for amount, day in demo.disbursements:
        services.record_disbursement(
            application=application,
            amount_usd=Decimal(amount),
            paid_on=_day(today, day),
            reference=f"DEMO-TSF-{application.pk}-{day}",
            actor=staff,
        )
    if demo.status == S.CLOSED:
        received = _moment(today, demo.closed - 5)
        FundReport.objects.filter(application=application, kind=FundReport.Kind.FINAL).update(
            summary="Forty mediators trained in four neighbourhoods; the city funds them "
            "from next year. Demo report.",
            submitted_at=received,
            submitted_by=official,
        )
        services.close_application(
            application=application, reason="Final report received.", actor=staff
        )


def _record_delivery(application: FundApplication, staff) -> None:
    """The delivering hub's first demo activity, and two experts of the pool."""
    activities = Activity.objects.exclude(status=Activity.Status.CANCELLED).order_by(
        "starts_at", "pk"
    )
    activities = activities.filter(hub=application.hub) if application.hub else activities.none()
    experts = Expert.objects.filter(is_active=True).order_by("person__full_name", "pk")
    services.record_delivery(
        application=application,
        hub=application.hub,
        activities=list(activities[:1]),
        experts=list(experts[:2]),
        actor=staff,
    )


def _moment(today: datetime.date, days: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(_day(today, days), datetime.time(10)))


def _date_history(demo: Demo, application: FundApplication, today: datetime.date) -> None:
    """Date what the services stamped "now" as it would have happened."""

    def at(step_days: int) -> datetime.datetime:
        return _moment(today, demo.started + step_days)

    last = at(0)
    for transition in application.transitions.order_by("pk"):
        moment = at(STEP_DAYS[transition.to_status]) if transition.to_status in STEP_DAYS else None
        if transition.to_status == S.CLOSED:
            moment = _moment(today, demo.closed)
        FundTransition.objects.filter(pk=transition.pk).update(created_at=moment)
        last = moment
    decided = application.transitions.filter(to_status__in=(S.APPROVED, S.DECLINED)).exists()
    FundApplication.objects.filter(pk=application.pk).update(
        created_at=at(0),
        submitted_at=at(STEP_DAYS[S.SUBMITTED]) if application.submitted_at else None,
        decided_at=at(STEP_DAYS[S.APPROVED]) if decided else None,
        status_changed_at=last,
    )
    for review in application.reviews.all():
        review.assigned_at = at(STEP_DAYS[S.IN_REVIEW])
        review.declared_at = at(DECLARED_DAYS) if review.declared_at else None
        review.submitted_at = at(SCORED_DAYS) if review.submitted_at else None
        review.save(update_fields=["assigned_at", "declared_at", "submitted_at"])
    for disbursement in Disbursement.objects.filter(application=application):
        disbursement.created_at = _moment(disbursement.paid_on, 0)
        disbursement.save(update_fields=["created_at"])


def summary() -> list[tuple[str, int]]:
    applications = FundApplication.objects.filter(title__endswith=DEMO)
    return [
        ("fund rounds", FundRound.objects.filter(title__endswith=DEMO).count()),
        ("fund applications", applications.count()),
    ]


register_demo(
    DemoStep(
        code="fund",
        order=45,
        seed=seed,
        link_logins=link_demo_logins,
        summary=summary,
    )
)
