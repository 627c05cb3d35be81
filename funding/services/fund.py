"""The Technical Support Fund's state changes: rounds, applications, screening, review,
decisions, delivery, reports and closure.

Every service takes keyword-only arguments, runs in a transaction, checks its own rules
and raises ``FundError`` (a ``ValidationError`` with a translated message) when one
refuses, having changed nothing. Callers (portal views, the admin) check who may act;
the services check what may happen. Every move of an application's status goes through
``_move``, which records it and, for a decision of staff, emails the city's officials
once the change is committed.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from hubs.models import Activity, Hub
from members.eligibility import eligibility, eligible_cities
from members.models import LocalGovernment
from scn_portal.audit.events import audit_event
from scn_portal.queueing import enqueue_by_name
from scn_portal.uploads import check_upload

from ..errors import FundError
from ..models import (
    ApprovalAmendment,
    Disbursement,
    FundApplication,
    FundReport,
    FundReview,
    FundRound,
    FundScore,
    FundTransition,
    Milestone,
)
from ..models.fund import MAX_SCORE
from ..selectors.fund import hub_for_city

S = FundApplication.Status
# Moves the city's officials are told about by email (the decisions of staff).
ANNOUNCED = {S.DRAFT, S.SCREENED, S.APPROVED, S.DECLINED, S.CLOSED}
# The application's own fields an official fills in (the lists are set apart).
DRAFT_FIELDS = (
    "title",
    "need",
    "support_kind",
    "starts_on",
    "ends_on",
    "timeline",
    "requested_usd",
    "in_kind_needs",
)
REPORT_MAX_BYTES = 20 * 1024 * 1024


def money(value: Decimal) -> str:
    """An amount as people read it in the active language (grouped, two decimals)."""
    return number_format(value, 2, force_grouping=True)


def _field_error(field: str, message, *, code: str, **params) -> FundError:
    """A refusal shown beside ``field``, its message filled in with ``params``."""
    return FundError({field: FundError(message, code=code, params=params or None)}, code=code)


def _require_reason(reason: str, message) -> None:
    if not (reason or "").strip():
        raise FundError(message, code="reason_required")


def _positive(amount, field: str) -> Decimal:
    if amount is None or Decimal(amount) <= 0:
        raise FundError({field: _("Enter an amount above zero.")}, code="amount_not_positive")
    return Decimal(amount)


def _move(*, application: FundApplication, to: str, actor, reason: str = "") -> FundTransition:
    """Move ``application`` to ``to`` if the workflow allows it, and record the move."""
    locked = FundApplication.objects.select_for_update().get(pk=application.pk)
    if not locked.can_move_to(to):
        raise FundError(
            _("A fund application cannot go from “%(from)s” to “%(to)s”."),
            code="transition_refused",
            params={"from": locked.get_status_display(), "to": S(to).label},
        )
    record = FundTransition.objects.create(
        application=locked, from_status=locked.status, to_status=to, actor=actor, reason=reason
    )
    application.status = to
    application.status_changed_at = record.created_at
    application.save(update_fields=["status", "status_changed_at"])
    if to in ANNOUNCED:
        transaction.on_commit(
            lambda: enqueue_by_name("funding.notify_fund_decision", transition_id=record.pk)
        )
    return record


def require_eligible_city(local_government: LocalGovernment) -> None:
    """Refuse a city that may not hold member benefits today, giving every reason."""
    result = eligibility(local_government)
    if not result.eligible:
        raise FundError(
            _("%(city)s cannot apply to the Technical Support Fund: %(reasons)s"),
            code="city_ineligible",
            params={"city": local_government.name, "reasons": " ".join(result.reasons)},
        )


def _require_open(fund_round: FundRound) -> None:
    if not fund_round.is_open():
        raise FundError(
            _("The round “%(round)s” is not taking applications today."),
            code="round_closed",
            params={"round": fund_round.title},
        )


# --- Rounds -------------------------------------------------------------------------------


@audit_event("fund_round_saved")
def save_round(*, fund_round: FundRound, priorities=None, support_kinds=None, actor) -> FundRound:
    """Create or change a round (its envelope, dates and what it funds).

    An envelope below what approvals already commit is refused.
    """
    _positive(fund_round.envelope_usd, "envelope_usd")
    if fund_round.closes_on and fund_round.closes_on < fund_round.opens_on:
        raise FundError(
            {"closes_on": _("A round closes on or after the day it opens.")},
            code="round_dates",
        )
    if fund_round.kind == FundRound.Kind.ROUND and fund_round.closes_on is None:
        raise FundError(
            {"closes_on": _("A round with a closing date needs its closing date.")},
            code="round_dates",
        )
    with transaction.atomic():
        if fund_round.pk is not None:
            FundRound.objects.select_for_update().get(pk=fund_round.pk)
            committed = fund_round.committed_usd()
            if fund_round.envelope_usd < committed:
                raise _field_error(
                    "envelope_usd",
                    _(
                        "Approvals already commit %(committed)s USD of this round: the "
                        "envelope cannot be smaller."
                    ),
                    code="envelope_below_committed",
                    committed=money(committed),
                )
        fund_round.save()
        if priorities is not None:
            fund_round.priorities.set(priorities)
        if support_kinds is not None:
            fund_round.support_kinds.set(support_kinds)
    return fund_round


# --- The city's application ---------------------------------------------------------------


@audit_event("fund_application_started")
def start_application(
    *, local_government: LocalGovernment, fund_round: FundRound, title: str, actor
) -> FundApplication:
    """Open a draft for ``local_government`` in an open round, the hub pre-filled from the
    city's region. A city that may not hold member benefits is refused with the reasons,
    and nothing is saved."""
    require_eligible_city(local_government)
    _require_open(fund_round)
    if not (title or "").strip():
        raise FundError({"title": _("Give the application a title.")}, code="title_missing")
    with transaction.atomic():
        return FundApplication.objects.create(
            round=fund_round,
            local_government=local_government,
            hub=hub_for_city(local_government),
            title=title.strip(),
            created_by=actor,
        )


def check_other_cities(*, application: FundApplication, other_cities) -> None:
    """Other cities involved must be members that may hold benefits, not the city itself."""
    chosen = list(other_cities or [])
    if any(city.pk == application.local_government_id for city in chosen):
        raise FundError(
            {"other_cities": _("The applying city is not one of the other cities.")},
            code="other_city_is_applicant",
        )
    ids = {city.pk for city in chosen}
    allowed = set(
        eligible_cities(LocalGovernment.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )
    refused = [city.name for city in chosen if city.pk not in allowed]
    if refused:
        raise _field_error(
            "other_cities",
            _(
                "Only member cities that may hold member benefits can be involved: "
                "%(cities)s cannot."
            ),
            code="other_city_ineligible",
            cities=", ".join(refused),
        )


@audit_event("fund_application_updated")
def update_draft(
    *, application: FundApplication, data: dict, priorities=None, other_cities=None, actor
) -> FundApplication:
    """Save what the official wrote in the draft (incomplete is fine until submitted)."""
    with transaction.atomic():
        locked = FundApplication.objects.select_for_update().get(pk=application.pk)
        if not locked.is_draft:
            raise FundError(_("Only a draft application can be changed."), code="not_a_draft")
        if data.get("requested_usd") is not None:
            _positive(data["requested_usd"], "requested_usd")
        if other_cities is not None:
            check_other_cities(application=locked, other_cities=other_cities)
        for name in DRAFT_FIELDS:
            if name in data:
                setattr(application, name, data[name])
        application.save(update_fields=[name for name in DRAFT_FIELDS if name in data])
        if priorities is not None:
            application.priorities.set(priorities)
        if other_cities is not None:
            application.other_cities.set(other_cities)
    return application


def completeness_errors(application: FundApplication) -> dict[str, list]:
    """What a submission still lacks, by field (empty when complete)."""
    errors: dict[str, list] = {}

    def missing(field, message):
        errors.setdefault(field, []).append(message)

    fund_round = application.round
    if not application.need.strip():
        missing("need", _("Describe the need."))
    priorities = list(application.priorities.all())
    if not priorities:
        missing("priorities", _("Choose the strategic priorities the support serves."))
    eligible_priorities = set(fund_round.priorities.values_list("pk", flat=True))
    if eligible_priorities and any(p.pk not in eligible_priorities for p in priorities):
        missing("priorities", _("This round funds only some priorities: choose among them."))
    if application.support_kind_id is None:
        missing("support_kind", _("Choose the kind of support."))
    else:
        kinds = set(fund_round.support_kinds.values_list("pk", flat=True))
        if kinds and application.support_kind_id not in kinds:
            missing("support_kind", _("This round does not fund this kind of support."))
    if application.starts_on is None or application.ends_on is None:
        missing("ends_on", _("Give the dates the support starts and ends."))
    elif application.ends_on < application.starts_on:
        missing("ends_on", _("The support ends on or after the day it starts."))
    if not application.timeline.strip():
        missing("timeline", _("Describe the timeline."))
    if application.requested_usd is None:
        missing("requested_usd", _("Give the budget requested."))
    return errors


@audit_event("fund_application_submitted")
def submit_application(*, application: FundApplication, actor) -> FundTransition:
    """Submit a complete draft while the round is open and the city still eligible."""
    with transaction.atomic():
        if not application.is_draft:
            raise FundError(_("Only a draft application can be submitted."), code="not_a_draft")
        errors = completeness_errors(application)
        if errors:
            raise FundError(errors, code="incomplete")
        _require_open(application.round)
        require_eligible_city(application.local_government)
        record = _move(application=application, to=S.SUBMITTED, actor=actor)
        application.submitted_at = timezone.now()
        application.save(update_fields=["submitted_at"])
    return record


@audit_event("fund_application_withdrawn")
def withdraw_application(
    *, application: FundApplication, actor, reason: str = ""
) -> FundTransition:
    """The city withdraws its application before a decision."""
    with transaction.atomic():
        return _move(application=application, to=S.WITHDRAWN, actor=actor, reason=reason)


# --- Screening and review -----------------------------------------------------------------


@audit_event("fund_application_returned")
def return_to_draft(*, application: FundApplication, actor, reason: str) -> FundTransition:
    """Send a submitted application back to the city as a draft, saying what is missing."""
    _require_reason(reason, _("Say what the city needs to complete."))
    with transaction.atomic():
        return _move(application=application, to=S.DRAFT, actor=actor, reason=reason)


@audit_event("fund_application_screened")
def screen_application(
    *, application: FundApplication, passed: bool, note: str, actor
) -> FundTransition:
    """Record the screening (eligibility and alignment) with its reasons. Passed, the
    application goes to review; not passed, it is declined with those reasons."""
    _require_reason(note, _("Give the reasons of the screening."))
    with transaction.atomic():
        if passed:
            require_eligible_city(application.local_government)
        application.screening_note = note
        application.save(update_fields=["screening_note"])
        if passed:
            return _move(application=application, to=S.SCREENED, actor=actor, reason=note)
        record = _move(application=application, to=S.DECLINED, actor=actor, reason=note)
        _record_decision(application, reason=note)
        return record


@audit_event("fund_reviewers_assigned")
def assign_reviewers(*, application: FundApplication, reviewers, actor) -> list[FundReview]:
    """Ask ``reviewers`` to review a screened application (it goes into review); each
    declares conflicts of interest before seeing or giving scores. A reviewer already
    assigned is kept as they are."""
    reviewers = list(reviewers)
    if not reviewers:
        raise FundError({"reviewers": _("Choose at least one reviewer.")}, code="no_reviewer")
    with transaction.atomic():
        if application.status == S.SCREENED:
            _move(application=application, to=S.IN_REVIEW, actor=actor)
        elif application.status != S.IN_REVIEW:
            raise FundError(
                _("Reviewers are assigned to a screened application or one in review."),
                code="not_reviewable",
            )
        reviews = []
        for reviewer in reviewers:
            review, _created = FundReview.objects.get_or_create(
                application=application, reviewer=reviewer, defaults={"assigned_by": actor}
            )
            reviews.append(review)
    return reviews


@audit_event("fund_conflict_declared")
def declare_conflict(*, review: FundReview, conflicted: bool, note: str = "", actor) -> FundReview:
    """The reviewer declares whether they have a conflict of interest; once only."""
    with transaction.atomic():
        locked = FundReview.objects.select_for_update().get(pk=review.pk)
        if locked.reviewer_id != getattr(actor, "pk", None):
            raise FundError(_("Only the reviewer declares their own conflicts."), code="not_yours")
        if locked.declared_at is not None:
            raise FundError(_("The declaration is already made."), code="already_declared")
        if conflicted:
            _require_reason(note, _("Say what the conflict of interest is."))
        review.conflicted, review.conflict_note = conflicted, note
        review.declared_at = timezone.now()
        review.save(update_fields=["conflicted", "conflict_note", "declared_at"])
    return review


@audit_event("fund_application_scored")
def score_application(
    *, review: FundReview, scores: dict[int, int], comment: str = "", actor
) -> FundReview:
    """Record the reviewer's score on every criterion of the round's rubric.

    Refused before the declaration of conflicts, and always for a conflicted reviewer.
    """
    with transaction.atomic():
        locked = (
            FundReview.objects.select_for_update().select_related("application").get(pk=review.pk)
        )
        if locked.reviewer_id != getattr(actor, "pk", None):
            raise FundError(_("Only the reviewer scores their own review."), code="not_yours")
        if locked.declared_at is None:
            raise FundError(
                _("Declare your conflicts of interest before scoring."), code="not_declared"
            )
        if locked.conflicted:
            raise FundError(
                _("A reviewer with a conflict of interest cannot score this application."),
                code="conflicted",
            )
        if locked.application.status != S.IN_REVIEW:
            raise FundError(_("This application is not in review."), code="not_in_review")
        criteria = list(locked.application.round.rubric.all())
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is None or not 0 <= int(value) <= MAX_SCORE:
                raise FundError(
                    _("Score every criterion from 0 to %(max)s."),
                    code="score_missing",
                    params={"max": MAX_SCORE},
                )
        for criterion in criteria:
            FundScore.objects.update_or_create(
                review=locked, criterion=criterion, defaults={"score": int(scores[criterion.pk])}
            )
        review.comment, review.submitted_at = comment, timezone.now()
        review.save(update_fields=["comment", "submitted_at"])
    return review


# --- Decisions and the envelope -----------------------------------------------------------


def _lock_round(fund_round_id: int) -> FundRound:
    """Lock the round: approvals of one round are decided one after the other, so two
    saved at the same moment cannot both fit in what remains of the envelope."""
    return FundRound.objects.select_for_update().get(pk=fund_round_id)


def _require_within_envelope(fund_round: FundRound, extra: Decimal) -> None:
    remaining = fund_round.remaining_usd()
    if extra > remaining:
        raise _field_error(
            "amount_usd",
            _(
                "This would commit more than the round's envelope: %(remaining)s USD "
                "remain of %(envelope)s USD."
            ),
            code="over_envelope",
            remaining=money(remaining),
            envelope=money(fund_round.envelope_usd),
        )


def _record_decision(application: FundApplication, *, reason: str) -> None:
    application.decision_reason, application.decided_at = reason, timezone.now()
    application.save(update_fields=["decision_reason", "decided_at"])


def _due_reports(application: FundApplication) -> None:
    """The reports the city owes: an interim halfway through support longer than six
    months, and a final one after the end (the round says how long after)."""
    starts = application.starts_on or timezone.localdate()
    ends = application.ends_on or starts
    days = application.round.final_report_days
    FundReport.objects.get_or_create(
        application=application,
        kind=FundReport.Kind.FINAL,
        defaults={"due_on": ends + datetime.timedelta(days=days)},
    )
    if (ends - starts).days > 182:
        FundReport.objects.get_or_create(
            application=application,
            kind=FundReport.Kind.INTERIM,
            defaults={"due_on": starts + (ends - starts) / 2},
        )


@audit_event("fund_application_approved")
def approve_application(
    *, application: FundApplication, amount_usd, conditions: str = "", reason: str = "", actor
) -> FundTransition:
    """Approve an application in review with an amount and conditions.

    The round is locked first: the approval never commits more than what remains of the
    envelope, also when two are saved at the same moment. The city must still be eligible.
    """
    amount = _positive(amount_usd, "amount_usd")
    with transaction.atomic():
        fund_round = _lock_round(application.round_id)
        application.refresh_from_db()
        if application.status != S.IN_REVIEW:
            raise FundError(
                _("Only an application in review can be approved."), code="not_in_review"
            )
        require_eligible_city(application.local_government)
        _require_within_envelope(fund_round, amount)
        record = _move(application=application, to=S.APPROVED, actor=actor, reason=reason)
        application.approved_usd, application.conditions = amount, conditions
        application.save(update_fields=["approved_usd", "conditions"])
        _record_decision(application, reason=reason)
        _due_reports(application)
    return record


@audit_event("fund_application_declined")
def decline_application(*, application: FundApplication, reason: str, actor) -> FundTransition:
    _require_reason(reason, _("Give the reasons for declining."))
    with transaction.atomic():
        record = _move(application=application, to=S.DECLINED, actor=actor, reason=reason)
        _record_decision(application, reason=reason)
    return record


def disbursed_usd(application: FundApplication) -> Decimal:
    total = application.disbursements.aggregate(total=Sum("amount_usd"))["total"]
    return total or Decimal("0")


@audit_event("fund_approval_amended")
def amend_approved_amount(
    *, application: FundApplication, new_usd, reason: str, actor
) -> ApprovalAmendment:
    """Change an approved amount later, recorded as an amendment with its reason; within
    the envelope and never below what is already disbursed."""
    new = _positive(new_usd, "amount_usd")
    _require_reason(reason, _("Give the reason for the amendment."))
    with transaction.atomic():
        fund_round = _lock_round(application.round_id)
        locked = FundApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status not in FundApplication.COMMITTED or locked.status == S.CLOSED:
            raise FundError(
                _("Only the amount of an approved grant not yet closed can be amended."),
                code="not_approved",
            )
        previous = locked.approved_usd
        _require_within_envelope(fund_round, new - previous)
        if new < disbursed_usd(locked):
            raise FundError(
                {"amount_usd": _("More than this is already disbursed.")},
                code="below_disbursed",
            )
        amendment = ApprovalAmendment.objects.create(
            application=locked, previous_usd=previous, new_usd=new, reason=reason, actor=actor
        )
        application.approved_usd = new
        application.save(update_fields=["approved_usd"])
    return amendment


# --- Delivery, reports and closure --------------------------------------------------------


def _titles(items) -> str:
    return ", ".join(str(item) for item in items)


@audit_event("fund_delivery_recorded")
def record_delivery(
    *, application: FundApplication, hub: Hub | None, activities=(), experts=(), actor
) -> FundApplication:
    """Record who delivers an approved grant: the delivering regional hub (active), the
    activities of the network that deliver it (not cancelled; the delivering hub's or the
    Management Unit's own) and the experts of the pool engaged (still active in the pool).
    The lists replace what was recorded before."""
    activities, experts = list(activities or ()), list(experts or ())
    with transaction.atomic():
        locked = FundApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status not in (S.APPROVED, S.IN_DELIVERY):
            raise FundError(
                _("Who delivers a grant is recorded while it is approved or in delivery."),
                code="not_in_delivery",
            )
        if hub is not None and not hub.is_active:
            raise FundError({"hub": _("Choose an active regional hub.")}, code="hub_inactive")
        cancelled = [a for a in activities if a.status == Activity.Status.CANCELLED]
        if cancelled:
            raise _field_error(
                "activities",
                _("A cancelled activity delivers nothing: %(activities)s."),
                code="activity_cancelled",
                activities=_titles(cancelled),
            )
        elsewhere = [
            a for a in activities if a.hub_id is not None and a.hub_id != getattr(hub, "pk", None)
        ]
        if elsewhere:
            raise _field_error(
                "activities",
                _(
                    "These activities belong to another hub than the one delivering the "
                    "grant: %(activities)s."
                ),
                code="activity_of_another_hub",
                activities=_titles(elsewhere),
            )
        inactive = [expert for expert in experts if not expert.is_active]
        if inactive:
            raise _field_error(
                "experts",
                _("These experts are no longer active in the pool: %(experts)s."),
                code="expert_inactive",
                experts=_titles(inactive),
            )
        application.hub = hub
        application.save(update_fields=["hub"])
        application.activities.set(activities)
        application.experts.set(experts)
    return application


@audit_event("fund_delivery_started")
def start_delivery(*, application: FundApplication, actor) -> FundTransition:
    with transaction.atomic():
        return _move(application=application, to=S.IN_DELIVERY, actor=actor)


@audit_event("fund_disbursement_recorded")
def record_disbursement(
    *, application: FundApplication, amount_usd, paid_on: datetime.date, reference: str = "", actor
) -> Disbursement:
    """Record a payment of the grant; the payments never exceed the approved amount."""
    amount = _positive(amount_usd, "amount_usd")
    with transaction.atomic():
        locked = FundApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status not in (S.APPROVED, S.IN_DELIVERY):
            raise FundError(
                _("Payments are recorded for an approved grant being delivered."),
                code="not_approved",
            )
        paid = disbursed_usd(locked)
        if paid + amount > locked.approved_usd:
            raise _field_error(
                "amount_usd",
                _(
                    "This would pay more than the approved amount: %(left)s USD remain "
                    "to be paid of %(approved)s USD."
                ),
                code="over_approved",
                left=money(locked.approved_usd - paid),
                approved=money(locked.approved_usd),
            )
        return Disbursement.objects.create(
            application=locked,
            amount_usd=amount,
            paid_on=paid_on,
            reference=reference,
            recorded_by=actor,
        )


@audit_event("fund_milestone_recorded")
def record_milestone(
    *,
    application: FundApplication,
    title: str,
    due_on: datetime.date,
    done_on: datetime.date | None = None,
    milestone: Milestone | None = None,
    actor,
) -> Milestone:
    """Add or update a step of the delivery of an approved grant."""
    if application.status not in FundApplication.COMMITTED:
        raise FundError(_("Milestones belong to an approved grant."), code="not_approved")
    _require_reason(title, _("Name the milestone."))
    with transaction.atomic():
        milestone = milestone or Milestone(application=application)
        milestone.title, milestone.due_on, milestone.done_on = title, due_on, done_on
        milestone.save()
    return milestone


@audit_event("fund_report_submitted")
def submit_report(*, report: FundReport, summary: str, file, actor) -> FundReport:
    """The city submits an interim or final report, with a PDF."""
    _require_reason(summary, _("Say what was done and learned."))
    if not file:
        raise FundError({"file": _("Attach the report as a PDF.")}, code="file_missing")
    check_upload(file, kind="pdf", max_bytes=REPORT_MAX_BYTES)
    with transaction.atomic():
        locked = FundReport.objects.select_for_update().get(pk=report.pk)
        if locked.submitted_at is not None:
            raise FundError(_("This report is already submitted."), code="already_submitted")
        report.summary, report.file = summary, file
        report.submitted_at, report.submitted_by = timezone.now(), actor
        report.save(update_fields=["summary", "file", "submitted_at", "submitted_by"])
    return report


@audit_event("fund_application_closed")
def close_application(*, application: FundApplication, reason: str = "", actor) -> FundTransition:
    """Close a grant in delivery once its final report is in."""
    with transaction.atomic():
        if not application.reports.filter(
            kind=FundReport.Kind.FINAL, submitted_at__isnull=False
        ).exists():
            raise FundError(
                _("A grant closes once the city has submitted its final report."),
                code="final_report_missing",
            )
        return _move(application=application, to=S.CLOSED, actor=actor, reason=reason)


# --- The rubric ---------------------------------------------------------------------------


def _require_unscored(criterion) -> None:
    if criterion.pk is not None and criterion.scores.exists():
        raise FundError(
            _("Reviewers have scored “%(criterion)s”: it can no longer change."),
            code="criterion_scored",
            params={"criterion": criterion.title},
        )


@audit_event("fund_round_saved")
def save_criterion(*, criterion, actor):
    """Add or change a criterion of a round's rubric, until a reviewer has scored it."""
    if not criterion.weight or criterion.weight <= 0:
        raise FundError({"weight": _("A weight is a whole number above zero.")}, code="weight")
    with transaction.atomic():
        _require_unscored(criterion)
        criterion.save()
    return criterion


@audit_event("fund_round_saved")
def remove_criterion(*, criterion, actor) -> None:
    with transaction.atomic():
        _require_unscored(criterion)
        criterion.delete()
