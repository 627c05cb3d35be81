"""Appointments to the ISC and its co-chairs.

Every service locks the committee's settings row (``IscSettings``) first, so concurrent
appointments are serialised: the 25-seat limit and the co-chair rules hold even when two
staff members save at the same moment. A refusal raises ``GovernanceError`` and changes
nothing. The ``check_…`` functions are the rules themselves; the admin's forms call them
too, so a refusal shows on the form (see ``governance.admin.saving``).
"""

from datetime import date, timedelta
from typing import TypedDict, Unpack

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


def check_isc_appointment(
    *,
    person: Person,
    local_government: LocalGovernment,
    starts_on: date,
    ends_on: date,
    previous: IscTerm | None = None,
    exclude: IscTerm | None = None,
) -> None:
    """Every rule of a seat; call inside a transaction (it takes the committee's lock)."""
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
    if others.filter(person=person).overlapping(starts_on, ends_on).exists():
        raise GovernanceError(
            _("%(person)s already holds a seat during these dates."),
            code="overlap",
            params={"person": person},
        )
    day, taken = busiest_day(others, starts_on, ends_on)
    if taken >= settings.max_seats:
        raise GovernanceError(
            _("All %(seats)s seats are taken on %(day)s: the committee cannot have more."),
            code="full",
            params={"seats": settings.max_seats, "day": date_format(day, "DATE_FORMAT")},
        )


class TermDetails(TypedDict):
    """What every term says; the rules of its kind check these."""

    person: Person
    local_government: LocalGovernment
    starts_on: date
    ends_on: date
    previous: Term | None


class IscTermDetails(TermDetails):
    capacity: str


class CoChairTermDetails(TermDetails):
    decided_on: date
    method: str
    result: str


def _checked(check, details: TermDetails, *, exclude: Term | None = None) -> None:
    check(**{name: details[name] for name in TermDetails.__annotations__}, exclude=exclude)


def _appoint(model: type[Term], check, *, actor, **details) -> Term:
    """A new term of ``model`` once ``check`` (the rules of its kind) accepts it."""
    _checked(check, details)
    return model.objects.create(**details, appointed_by=actor, appointed_at=timezone.now())


def _correct(term: Term, check, details: TermDetails) -> Term:
    """``term`` changed to ``details`` once ``check`` accepts them as it would a new term.
    Who appointed it stays recorded."""
    _checked(check, details, exclude=term)
    for name, value in details.items():
        setattr(term, name, value)
    term.save(update_fields=list(details))
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
    ``previous`` is the term it renews. Records who appointed and when.
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
    """A new term that follows ``term`` and points to it; the same rules apply."""
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
def change_isc_term(*, term: IscTerm, actor, **details: Unpack[IscTermDetails]) -> IscTerm:
    """Staff correct a term (its end, to end it early, say); the rules of a seat apply to
    the corrected term as to a new one."""
    return _correct(term, check_isc_appointment, details)


def check_co_chair_appointment(
    *,
    person: Person,
    local_government: LocalGovernment,
    starts_on: date,
    ends_on: date,
    previous: CoChairTerm | None = None,
    exclude: CoChairTerm | None = None,
) -> None:
    """Every rule of a co-chair; call inside a transaction (it takes the committee's lock)."""
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
    _day, taken = busiest_day(others, starts_on, ends_on)
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
    *, term: CoChairTerm, actor, **details: Unpack[CoChairTermDetails]
) -> CoChairTerm:
    """Staff correct a co-chair's term; the co-chair rules apply to it as to a new one."""
    _check_result(details["result"])
    return _correct(term, check_co_chair_appointment, details)
