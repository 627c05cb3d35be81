"""Appointments to the ISC and its co-chairs, and how terms end, are renewed and change hands.

Every service locks the committee's settings row (``IscSettings``) first, so concurrent
appointments are serialised: the 25-seat limit and the co-chair rules hold even when two
staff members save at the same moment. A refusal raises ``GovernanceError`` and changes
nothing. The ``check_…`` functions are the rules themselves; the admin's forms call them
too, so a refusal shows on the form (see ``governance.admin.saving``).

Which rules run when:

- an appointment (``appoint_isc_member``), a renewal (``renew_isc_term``) and the new
  holder of a replacement (``replace_isc_term_holder``) meet every rule of a seat on the
  new term's own dates (``check_isc_appointment``);
- a correction of a term's dates (``change_isc_term``) meets only the rules about dates
  (``check_isc_term_dates``): the holder and the city of a recorded term never change,
  and whether the holder still acts for the city is no reason to refuse a correction;
- ending a term early (``end_isc_term``) re-runs no appointment rule: the holder may no
  longer act for the city, which is usually why the term ends.

Terms are never deleted: they end. The only rows that go are terms that have not
started yet and depend on a seat that ends before them (a renewal recorded ahead, a
co-chair term not begun), withdrawn by the service that ends the seat.
"""

from datetime import date, timedelta
from typing import TypedDict

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.eligibility import eligibility
from members.models import LocalGovernment, Official, Person
from scn_portal.audit.events import audit_event

from ..errors import GovernanceError
from ..models import CoChairTerm, IscSettings, IscTerm, Term

MAX_CO_CHAIRS = 2


def _lock() -> IscSettings:
    IscSettings.objects.get_or_create(pk=1)
    return IscSettings.objects.select_for_update().get(pk=1)


def add_years(day: date, years: int) -> date:
    """The day before the same date ``years`` later: a two-year term from 1 Jan ends 31 Dec."""
    try:
        return day.replace(year=day.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _default_end(starts_on: date) -> date:
    return add_years(starts_on, IscSettings.load().term_years)


def busiest_day(queryset, starts_on: date, ends_on: date) -> tuple[date, int]:
    """The day within [starts_on, ends_on] on which most of ``queryset``'s terms overlap."""
    overlapping = list(queryset.overlapping(starts_on, ends_on).values_list("starts_on", "ends_on"))
    candidates = {starts_on} | {s for s, _e in overlapping if starts_on <= s <= ends_on}
    best_day, best = starts_on, 0
    for day in sorted(candidates):
        count = sum(1 for s, e in overlapping if s <= day <= e)
        if count > best:
            best_day, best = day, count
    return best_day, best


def _check_term(
    model: type[Term], *, starts_on: date, ends_on: date, previous: Term | None, exclude
) -> QuerySet:
    """The rules every term shares; the other terms of ``model`` (without ``exclude``)."""
    if ends_on <= starts_on:
        raise GovernanceError(_("A term must end after it starts."), code="dates")
    others = model.objects.all()
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    if previous is not None and others.filter(previous=previous).exists():
        raise GovernanceError(_("This term has already been renewed."), code="renewed")
    return others


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _check_no_other_seat(others: QuerySet, person: Person, starts_on: date, ends_on: date):
    if others.filter(person=person).overlapping(starts_on, ends_on).exists():
        raise GovernanceError(
            _("%(person)s already holds a seat during these dates."),
            code="overlap",
            params={"person": person},
        )


def _check_seats_free(others: QuerySet, settings: IscSettings, starts_on: date, ends_on: date):
    day, taken = busiest_day(others, starts_on, ends_on)
    if taken >= settings.max_seats:
        raise GovernanceError(
            _("All %(seats)s seats are taken on %(day)s: the committee cannot have more."),
            code="full",
            params={"seats": settings.max_seats, "day": _day(day)},
        )


def check_isc_appointment(
    *,
    person: Person,
    local_government: LocalGovernment,
    starts_on: date,
    ends_on: date,
    previous: IscTerm | None = None,
    exclude: IscTerm | None = None,
) -> None:
    """Every rule of a seat; call inside a transaction (it takes the committee's lock).

    The holder acts for the city today (an active official link); the city may hold
    member benefits on the day the term starts; the holder holds no other seat during
    these dates; no day of the term would make more than the committee's seats (25).
    """
    settings = _lock()
    others = _check_term(
        IscTerm, starts_on=starts_on, ends_on=ends_on, previous=previous, exclude=exclude
    )
    if not Official.objects.filter(
        person=person, local_government=local_government, is_active=True
    ).exists():
        raise GovernanceError(
            _("%(person)s does not act for %(city)s: a seat holder acts for their city."),
            code="not_official",
            params={"person": person, "city": local_government.name},
        )
    result = eligibility(local_government, on=starts_on)
    if not result.eligible:
        raise GovernanceError(
            _("%(city)s may not hold a seat: %(why)s"),
            code="ineligible",
            params={"city": local_government.name, "why": " ".join(result.reasons)},
        )
    _check_no_other_seat(others, person, starts_on, ends_on)
    _check_seats_free(others, settings, starts_on, ends_on)


def _check_planned_end(term: Term, ends_on: date) -> None:
    """A term ended early may have its dates corrected, but not past its planned end."""
    if term.ended_early and term.planned_ends_on and ends_on > term.planned_ends_on:
        raise GovernanceError(
            _(
                "This term was ended early; it cannot end after the end it was planned to "
                "have (%(date)s)."
            ),
            code="after_planned_end",
            params={"date": _day(term.planned_ends_on)},
        )


def _check_co_chairs_keep_a_seat(term: IscTerm, starts_on: date, ends_on: date) -> None:
    """Each of the holder's co-chair terms for the city still starts within one of their
    seats for it, once ``term`` has these dates (the co-chair rule, asked again)."""
    seats = [
        (s, e)
        for s, e in IscTerm.objects.filter(
            person_id=term.person_id, local_government_id=term.local_government_id
        )
        .exclude(pk=term.pk)
        .values_list("starts_on", "ends_on")
    ]
    seats.append((starts_on, ends_on))
    chairs = CoChairTerm.objects.filter(
        person_id=term.person_id, local_government_id=term.local_government_id
    ).order_by("starts_on")
    for chair in chairs:
        if not any(s <= chair.starts_on <= e for s, e in seats):
            raise GovernanceError(
                _(
                    "%(person)s is co-chair from %(date)s and must hold a seat that day: "
                    "end or correct the co-chair term first."
                ),
                code="co_chair_without_seat",
                params={"person": term.person, "date": _day(chair.starts_on)},
            )


def check_isc_term_dates(*, term: IscTerm, starts_on: date, ends_on: date) -> None:
    """The rules of a seat that concern its dates, for a correction of ``term``'s dates;
    call inside a transaction (it takes the committee's lock).

    The term ends after it starts (and, if it was ended early, not after its planned
    end); its holder holds no other seat then; no day would make more than the
    committee's seats; the holder's co-chair terms for the city still start within a
    seat. The rules about the holder's links are not asked again: whether they still act
    for the city, and the city's eligibility, were checked when they were appointed, and
    a mayor who has left office must still be able to have their term's dates corrected.
    """
    settings = _lock()
    others = _check_term(IscTerm, starts_on=starts_on, ends_on=ends_on, previous=None, exclude=term)
    _check_planned_end(term, ends_on)
    _check_no_other_seat(others, term.person, starts_on, ends_on)
    _check_seats_free(others, settings, starts_on, ends_on)
    _check_co_chairs_keep_a_seat(term, starts_on, ends_on)


class TermDetails(TypedDict):
    """What every term says; the rules of its kind check these."""

    person: Person
    local_government: LocalGovernment
    starts_on: date
    ends_on: date
    previous: Term | None


def _checked(check, details: TermDetails, *, exclude: Term | None = None) -> None:
    check(**{name: details[name] for name in TermDetails.__annotations__}, exclude=exclude)


def _appoint(model: type[Term], check, *, actor, **details) -> Term:
    """A new term of ``model`` once ``check`` (the rules of its kind) accepts it."""
    _checked(check, details)
    return model.objects.create(**details, appointed_by=actor, appointed_at=timezone.now())


def _correct(term: Term, fields: dict) -> Term:
    """``term`` with ``fields`` changed (the caller has checked them). Who appointed it,
    and any early end, stay recorded."""
    for name, value in fields.items():
        setattr(term, name, value)
    term.save(update_fields=list(fields))
    return term


@audit_event("isc_member_appointed")
@transaction.atomic
def appoint_isc_member(
    *,
    person: Person,
    local_government: LocalGovernment,
    starts_on: date,
    actor,
    ends_on: date | None = None,
    capacity: str = IscTerm.Capacity.MAYOR,
    previous: IscTerm | None = None,
) -> IscTerm:
    """Give ``person`` a seat for ``local_government``; refused if any rule fails.

    The term lasts the committee's default number of years unless ``ends_on`` is given;
    ``previous`` is the term it follows. Records who appointed and when.
    """
    return _appoint(
        IscTerm,
        check_isc_appointment,
        person=person,
        local_government=local_government,
        capacity=capacity,
        starts_on=starts_on,
        ends_on=ends_on or _default_end(starts_on),
        previous=previous,
        actor=actor,
    )


@audit_event("isc_term_renewed")
@transaction.atomic
def renew_isc_term(*, term: IscTerm, actor, years: int | None = None) -> IscTerm:
    """A new term for the same holder and city, from the day after ``term`` ends, that
    follows it (``previous``); it lasts the committee's default number of years, or
    ``years``.

    Every rule of an appointment applies to the new term on its own dates, as to a new
    seat (``check_isc_appointment``): the holder still acts for the city, the city may
    hold member benefits on the day the renewal starts, and no day of the renewal makes
    more than the committee's seats, counted under the committee's lock. Refused: a term
    already renewed or ended early (its holder has left the seat: replace them instead).
    """
    _lock()
    term = IscTerm.objects.select_for_update().get(pk=term.pk)
    if term.ended_early:
        raise GovernanceError(
            _(
                "This term was ended early (%(reason)s): it is not renewed. Give the seat "
                "to the city's new representative instead."
            ),
            code="ended",
            params={"reason": term.get_end_reason_display()},
        )
    if years is not None and years < 1:
        raise GovernanceError(_("A renewal lasts at least a year."), code="years")
    starts_on = term.ends_on + timedelta(days=1)
    return _appoint(
        IscTerm,
        check_isc_appointment,
        person=term.person,
        local_government=term.local_government,
        capacity=term.capacity,
        starts_on=starts_on,
        ends_on=add_years(starts_on, years) if years else _default_end(starts_on),
        previous=term,
        actor=actor,
    )


@audit_event("isc_term_changed")
@transaction.atomic
def change_isc_term(
    *, term: IscTerm, starts_on: date, ends_on: date, capacity: str, actor
) -> IscTerm:
    """Staff correct a term's dates or the capacity its holder sits in.

    Only the rules about dates apply (``check_isc_term_dates``): the holder and the city
    of a recorded term do not change, so the rules about them are not asked again. To
    end a term early, with the reason, use ``end_isc_term``; to give the seat to someone
    else, ``replace_isc_term_holder``.
    """
    check_isc_term_dates(term=term, starts_on=starts_on, ends_on=ends_on)
    return _correct(term, {"starts_on": starts_on, "ends_on": ends_on, "capacity": capacity})


# --- Ending a term early, and replacing its holder -----------------------------------------


def _check_end(term: Term, *, ends_on: date | None, reason: str, note: str) -> None:
    """What ending ``term`` early on ``ends_on`` needs; no rule of an appointment."""
    if term.ended_early:
        raise GovernanceError(
            _("This term was already ended early, on %(date)s."),
            code="ended",
            params={"date": _day(term.ends_on)},
        )
    if reason not in Term.EndReason.values:
        raise GovernanceError(_("Say why the term ends early."), code="reason")
    if reason == Term.EndReason.OTHER and not (note or "").strip():
        raise GovernanceError(_("Say what the other reason is."), code="note")
    if ends_on is None or ends_on <= term.starts_on:
        raise GovernanceError(
            _("The term started on %(date)s: its last day must come after that."),
            code="before_start",
            params={"date": _day(term.starts_on)},
        )
    if ends_on > term.ends_on:
        raise GovernanceError(
            _("The term is planned to end on %(date)s: an early end is on that day or before."),
            code="after_end",
            params={"date": _day(term.ends_on)},
        )


def _mark_ended(term: Term, *, ends_on: date, reason: str, note: str, actor) -> None:
    """``term`` ends on ``ends_on``; its planned end, the reason and who ended it are kept.
    A term already ended early is only moved earlier (its reason stays)."""
    if term.ended_early:
        term.ends_on = ends_on
        term.save(update_fields=["ends_on"])
        return
    term.planned_ends_on = term.ends_on
    term.ends_on = ends_on
    term.end_reason = reason
    term.end_note = (note or "").strip()
    term.ended_by = actor if getattr(actor, "pk", None) else None
    term.ended_at = timezone.now()
    term.save(
        update_fields=[
            "planned_ends_on",
            "ends_on",
            "end_reason",
            "end_note",
            "ended_by",
            "ended_at",
        ]
    )


def _renewals_to_withdraw(term: Term) -> list[Term]:
    """The holder's own renewals that follow ``term`` (in order): none has started, or
    the end is refused. A term of another person that follows it is theirs, and stays."""
    today = timezone.localdate()
    chain: list[Term] = []
    current = term
    while True:
        following = type(term).objects.select_for_update().filter(previous=current).first()
        if following is None or (following.person_id, following.local_government_id) != (
            term.person_id,
            term.local_government_id,
        ):
            return chain
        if following.starts_on <= today:
            raise GovernanceError(
                _(
                    "The next term of %(person)s, from %(date)s, has already started: end "
                    "that term instead."
                ),
                code="renewal_started",
                params={"person": term.person, "date": _day(following.starts_on)},
            )
        chain.append(following)
        current = following


def _withdraw(terms: list[Term]) -> None:
    """Delete terms that have not started (the audit trail keeps them), the last first:
    each one is the ``previous`` of the next."""
    for term in sorted(terms, key=lambda t: t.starts_on, reverse=True):
        term.delete()


def _end_co_chair_terms_with_seat(
    term: IscTerm, *, ends_on: date, seat_until: date, reason: str, note: str, actor
) -> None:
    """A co-chair is never left without a seat: the holder's co-chair terms for the
    city that began in this seat (by ``seat_until``) end with it, on ``ends_on`` at the
    latest; one that would begin after it is withdrawn if it has not begun, and refused
    if it has."""
    today = timezone.localdate()
    chairs = (
        CoChairTerm.objects.select_for_update()
        .filter(
            person_id=term.person_id,
            local_government_id=term.local_government_id,
            ends_on__gt=ends_on,
            starts_on__lte=seat_until,
        )
        .order_by("starts_on")
    )
    withdrawn = []
    for chair in chairs:
        if chair.starts_on < ends_on:
            with audit_event("co_chair_term_ended"):
                _withdraw(_renewals_to_withdraw(chair))
                _mark_ended(chair, ends_on=ends_on, reason=reason, note=note, actor=actor)
        elif chair.starts_on > today:
            withdrawn.append(chair)
        else:
            raise GovernanceError(
                _(
                    "%(person)s has been co-chair since %(date)s: the seat cannot end before "
                    "that, or the co-chair would sit without a seat."
                ),
                code="co_chair_without_seat",
                params={"person": term.person, "date": _day(chair.starts_on)},
            )
    _withdraw(withdrawn)


def _end_seat(term: IscTerm, *, ends_on: date, reason: str, note: str, actor) -> None:
    """End ``term`` early with what depends on it (see ``end_isc_term``); the caller
    holds the committee's lock and ``term``'s row."""
    _check_end(term, ends_on=ends_on, reason=reason, note=note)
    renewals = _renewals_to_withdraw(term)
    seat_until = max([term.ends_on, *(t.ends_on for t in renewals)])
    _end_co_chair_terms_with_seat(
        term, ends_on=ends_on, seat_until=seat_until, reason=reason, note=note, actor=actor
    )
    _withdraw(renewals)
    _mark_ended(term, ends_on=ends_on, reason=reason, note=note, actor=actor)


@audit_event("isc_term_ended")
@transaction.atomic
def end_isc_term(*, term: IscTerm, ends_on: date, reason: str, actor, note: str = "") -> IscTerm:
    """End ``term`` before its planned end: ``ends_on`` is its last day (after it starts,
    not after its planned end), ``reason`` an ``IscTerm.EndReason`` (``note`` says more;
    required for "other"). The planned end, the reason and who ended it are kept.

    No rule of an appointment is asked again: the holder may no longer act for the
    city, or the city may no longer be a member, which is why the term ends. What
    depends on the seat goes with it, in the same transaction:

    - the holder's renewals that have not started are withdrawn (a renewal that has
      started is refused: end that term instead);
    - the holder's co-chair terms for the city end on the same day at the latest (event
      ``co_chair_term_ended``); one that would begin later is withdrawn if it has not
      begun, and refused if it has: a co-chair never sits without a seat.

    Refused too: a term already ended early. The caller checks who may do it (the
    admin: Management Unit staff).
    """
    _lock()
    term = IscTerm.objects.select_for_update().select_related("person").get(pk=term.pk)
    _end_seat(term, ends_on=ends_on, reason=reason, note=note, actor=actor)
    return term


@audit_event("isc_term_holder_replaced")
@transaction.atomic
def replace_isc_term_holder(
    *, term: IscTerm, person: Person, starts_on: date, actor, capacity: str | None = None
) -> IscTerm:
    """Another person of the same city takes ``term``'s seat from ``starts_on`` to the
    seat's planned end; the new term follows ``term`` (``previous``) and is returned.

    ``term`` ends the day before (reason "replaced") as ``end_isc_term`` ends it, with
    no rule asked of the person who leaves (their co-chair term ends with the seat). The
    new holder's term meets every rule of an appointment on its own dates (they act for
    the city, the city may hold member benefits then, they hold no other seat, and the
    committee's seats are counted without the days the old term no longer has). A term
    already ended early gets a successor from a day after it ended. One transaction: if
    the new holder is refused, the old term stays exactly as it was. ``capacity``: the
    old term's unless given. The caller checks who may do it.
    """
    _lock()
    term = IscTerm.objects.select_for_update().select_related("person").get(pk=term.pk)
    if person.pk == term.person_id:
        raise GovernanceError(
            _("%(person)s already holds this seat."), code="same_person", params={"person": person}
        )
    seat_ends_on = term.planned_ends_on or term.ends_on
    if term.ended_early:
        first = term.ends_on + timedelta(days=1)
    else:  # the present holder keeps at least two days: a term ends after it starts
        first = term.starts_on + timedelta(days=2)
    last = seat_ends_on - timedelta(days=1)
    if starts_on is None or not first <= starts_on <= last:
        raise GovernanceError(
            _(
                "The new holder takes the seat on a day from %(first)s to %(last)s, within "
                "the seat's period."
            ),
            code="starts_on",
            params={"first": _day(first), "last": _day(last)},
        )
    if not term.ended_early:
        _end_seat(
            term,
            ends_on=starts_on - timedelta(days=1),
            reason=Term.EndReason.REPLACED,
            note="",
            actor=actor,
        )
    return _appoint(
        IscTerm,
        check_isc_appointment,
        person=person,
        local_government=term.local_government,
        capacity=capacity or term.capacity,
        starts_on=starts_on,
        ends_on=seat_ends_on,
        previous=term,
        actor=actor,
    )


# --- Co-chairs ---------------------------------------------------------------------------


def check_co_chair_appointment(
    *,
    person: Person,
    local_government: LocalGovernment,
    starts_on: date,
    ends_on: date,
    previous: CoChairTerm | None = None,
    exclude: CoChairTerm | None = None,
) -> None:
    """Every rule of a co-chair; call inside a transaction (it takes the committee's lock).

    They hold a seat for the city on the day the term starts; they are not already a
    co-chair then; there are never three co-chairs; the two come from different regions.
    """
    _lock()
    others = _check_term(
        CoChairTerm, starts_on=starts_on, ends_on=ends_on, previous=previous, exclude=exclude
    ).select_related("local_government__region")
    seats = IscTerm.objects.filter(person=person, local_government=local_government)
    if not seats.filter(starts_on__lte=starts_on, ends_on__gte=starts_on).exists():
        raise GovernanceError(
            _("A co-chair must hold a seat on the ISC when the term starts."),
            code="not_member",
        )
    overlapping = list(others.overlapping(starts_on, ends_on))
    if any(o.person_id == person.pk for o in overlapping):
        raise GovernanceError(
            _("%(person)s is already a co-chair during these dates."),
            code="overlap",
            params={"person": person},
        )
    _busiest, taken = busiest_day(others, starts_on, ends_on)
    if taken >= MAX_CO_CHAIRS:
        raise GovernanceError(
            _("The ISC already has two co-chairs during these dates; it never has a third."),
            code="third_co_chair",
        )
    region = local_government.region_id
    for other in overlapping:
        if other.local_government.region_id == region:
            raise GovernanceError(
                _(
                    "The co-chairs must come from different regions: "
                    "%(other)s is also from %(region)s."
                ),
                code="same_region",
                params={"other": other.person, "region": other.local_government.region},
            )


def check_co_chair_dates(*, term: CoChairTerm, starts_on: date, ends_on: date) -> None:
    """The co-chair rules for a correction of ``term``'s dates (its holder and city stay):
    every rule of a co-chair concerns the dates, and a term ended early keeps its
    planned end as the latest."""
    check_co_chair_appointment(
        person=term.person,
        local_government=term.local_government,
        starts_on=starts_on,
        ends_on=ends_on,
        exclude=term,
    )
    _check_planned_end(term, ends_on)


def _check_result(result: str) -> None:
    if not result.strip():
        raise GovernanceError(_("Record the result of the members' decision."), code="result")


@audit_event("co_chair_appointed")
@transaction.atomic
def appoint_co_chair(
    *,
    person: Person,
    local_government: LocalGovernment,
    starts_on: date,
    decided_on: date,
    method: str,
    result: str,
    actor,
    ends_on: date | None = None,
    previous: CoChairTerm | None = None,
) -> CoChairTerm:
    """Record the members' appointment of a co-chair, with the decision behind it."""
    _check_result(result)
    return _appoint(
        CoChairTerm,
        check_co_chair_appointment,
        person=person,
        local_government=local_government,
        starts_on=starts_on,
        ends_on=ends_on or _default_end(starts_on),
        decided_on=decided_on,
        method=method,
        result=result,
        previous=previous,
        actor=actor,
    )


@audit_event("co_chair_term_changed")
@transaction.atomic
def change_co_chair_term(
    *,
    term: CoChairTerm,
    starts_on: date,
    ends_on: date,
    decided_on: date,
    method: str,
    result: str,
    actor,
) -> CoChairTerm:
    """Staff correct a co-chair's term (its dates, or the decision behind it); the co-chair
    rules apply to its dates as to a new one. Its holder and city do not change."""
    _check_result(result)
    check_co_chair_dates(term=term, starts_on=starts_on, ends_on=ends_on)
    return _correct(
        term,
        {
            "starts_on": starts_on,
            "ends_on": ends_on,
            "decided_on": decided_on,
            "method": method,
            "result": result,
        },
    )


@audit_event("co_chair_term_ended")
@transaction.atomic
def end_co_chair_term(
    *, term: CoChairTerm, ends_on: date, reason: str, actor, note: str = ""
) -> CoChairTerm:
    """End a co-chair's term before its planned end (``ends_on`` its last day), for
    ``reason`` (``note`` says more). Their seat on the ISC is not touched; their renewals
    as co-chair that have not started are withdrawn. The members appoint the next
    co-chair (``appoint_co_chair``). The caller checks who may do it."""
    _lock()
    term = CoChairTerm.objects.select_for_update().select_related("person").get(pk=term.pk)
    _check_end(term, ends_on=ends_on, reason=reason, note=note)
    _withdraw(_renewals_to_withdraw(term))
    _mark_ended(term, ends_on=ends_on, reason=reason, note=note, actor=actor)
    return term
