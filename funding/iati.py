"""The network's funding as an IATI activity file (IATI standard 2.03).

One activity per year the ledger knows: the Management Unit reports it (``reporting-org``,
its reference from the ``IATI_REPORTING_ORG_REF`` setting), the named donors are its
funding organisations, the year's operating costs its budget, and each pledge and
receipt an incoming commitment or incoming funds transaction in its own currency (with
the date of the rate used). Anonymous donors are never named: their transactions carry
no provider at all, and category-only donors appear by category only.

The fund's grants (approved, in delivery or closed) are activities of their own: the city
implements them, the donors whose earmarked contributions they fit fund them (named as
they agreed, anonymous ones never), their approved amount is the budget and an outgoing
commitment, and each payment a disbursement to the city. The network's activities that
contributions were earmarked to, or that deliver a grant, are activities too (their
money is already in the year's transactions, so they carry none). Each names the year's
activity as its parent.
"""

from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

from django.conf import settings

from hubs.models import Activity

from .models import Contribution, Donor, FundApplication, OperatingCost
from .selectors.fund import FundedGrant, funders_of_grants
from .selectors.ledger import contributions_of_year, ledger_years

# Organisation types of the IATI OrganisationType codelist, from the portal's kinds.
ORGANISATION_TYPES = {
    "national_government": "10",
    "multilateral": "40",
    "foundation": "60",
    "private_sector": "70",
    "civil_society": "22",
    "city_network": "22",
}
# DAC 5-digit sector: civilian peace-building, conflict prevention and resolution.
SECTOR = "15220"
# Recipient region "Developing countries, unspecified": the network works worldwide.
REGION = "998"
# OrganisationType of a local government, and of the network (an international NGO).
LOCAL_GOVERNMENT, NETWORK = "11", "21"
# ActivityStatus: 1 pipeline, 2 implementation, 4 closed; of a grant, of an activity.
GRANT_STATUS = {
    FundApplication.Status.APPROVED: "1",
    FundApplication.Status.IN_DELIVERY: "2",
    FundApplication.Status.CLOSED: "4",
}
ACTIVITY_STATUS = {
    Activity.Status.PLANNED: "1",
    Activity.Status.OPEN: "2",
    Activity.Status.FULL: "2",
    Activity.Status.HELD: "4",
}


def _narrative(parent, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "narrative").text = text
    return element


def _provider(donor: Donor) -> str | None:
    if donor.naming == Donor.Naming.ANONYMOUS:
        return None
    return donor.public_name()


def _activity(root, year: int, reporting_ref: str, now: str) -> None:
    contributions = contributions_of_year(year)
    if not contributions:
        return
    activity = ET.SubElement(
        root,
        "iati-activity",
        {
            "default-currency": "USD",
            "last-updated-datetime": now,
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
        },
    )
    ET.SubElement(activity, "iati-identifier").text = f"{reporting_ref}-{year}"
    _narrative(activity, "reporting-org", "Strong Cities Network", ref=reporting_ref, type="21")
    _narrative(activity, "title", f"Strong Cities Network {year}")
    _narrative(
        activity,
        "description",
        "A global network of cities and other local governments that prevent and respond "
        "to extremism, hate and polarisation: convening, regional hubs, capacity building "
        "and the Technical Support Fund.",
    )
    funders = {}
    for contribution in contributions:
        name = _provider(contribution.donor)
        if name is not None and name not in funders:
            funders[name] = ORGANISATION_TYPES.get(contribution.donor.organisation.kind, "90")
    for name, kind in funders.items():
        _narrative(activity, "participating-org", name, role="1", type=kind)
    _narrative(activity, "participating-org", "Strong Cities Network", role="4", type="21")
    status = "2" if year >= date.today().year else "4"
    ET.SubElement(activity, "activity-status", code=status)
    ET.SubElement(activity, "activity-date", {"iso-date": f"{year}-01-01", "type": "2"})
    ET.SubElement(activity, "recipient-region", code=REGION, vocabulary="1")
    ET.SubElement(activity, "sector", code=SECTOR, vocabulary="1")
    cost = OperatingCost.objects.filter(year=year).first()
    if cost is not None:
        budget = ET.SubElement(activity, "budget", type="1", status="2")
        ET.SubElement(budget, "period-start", {"iso-date": f"{year}-01-01"})
        ET.SubElement(budget, "period-end", {"iso-date": f"{year}-12-31"})
        value = ET.SubElement(budget, "value", {"currency": "USD", "value-date": f"{year}-01-01"})
        value.text = str(cost.amount_usd)
    for contribution in contributions:
        if contribution.kind != Contribution.Kind.FINANCIAL:
            continue
        currency = str(contribution.amount.currency)
        rate_on = contribution.rate_on.isoformat()
        _transaction(
            activity,
            "11",
            contribution.pledged_on,
            contribution.amount.amount,
            currency,
            rate_on,
            contribution,
        )
        for receipt in contribution.receipts.all():
            _transaction(
                activity,
                "1",
                receipt.received_on,
                receipt.amount,
                currency,
                rate_on,
                contribution,
            )


def _transaction(activity, code, on, amount, currency, rate_on, contribution) -> None:
    transaction = ET.SubElement(activity, "transaction")
    ET.SubElement(transaction, "transaction-type", code=code)
    ET.SubElement(transaction, "transaction-date", {"iso-date": on.isoformat()})
    value = ET.SubElement(transaction, "value", {"currency": currency, "value-date": rate_on})
    value.text = str(amount)
    name = _provider(contribution.donor)
    if name is not None:
        _narrative(transaction, "provider-org", name)


def _funders(activity, contributions) -> None:
    """The named (or category-only) donors of ``contributions`` as funding organisations;
    anonymous donors are left out, never named."""
    seen = set()
    for contribution in contributions:
        name = _provider(contribution.donor)
        if name is not None and name not in seen:
            seen.add(name)
            kind = ORGANISATION_TYPES.get(contribution.donor.organisation.kind, "90")
            _narrative(activity, "participating-org", name, role="1", type=kind)


def _start(root, identifier: str, title: str, description: str, reporting_ref, now):
    activity = ET.SubElement(
        root,
        "iati-activity",
        {
            "default-currency": "USD",
            "last-updated-datetime": now,
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
        },
    )
    ET.SubElement(activity, "iati-identifier").text = identifier
    _narrative(activity, "reporting-org", "Strong Cities Network", ref=reporting_ref, type="21")
    _narrative(activity, "title", title)
    _narrative(activity, "description", description)
    return activity


def _parent(activity, reporting_ref: str, year: int) -> None:
    ET.SubElement(activity, "related-activity", ref=f"{reporting_ref}-{year}", type="1")


def _grant(root, funded: FundedGrant, reporting_ref: str, now: str) -> None:
    grant = funded.grant
    city = grant.local_government
    decided = (grant.decided_at or grant.status_changed_at).date()
    kind = grant.support_kind.name_en if grant.support_kind else "capacity building"
    activity = _start(
        root,
        f"{reporting_ref}-TSF-{grant.code}",
        f"Technical Support Fund: {grant.title}",
        f"A grant of the Strong Cities Network's Technical Support Fund to {city.name_en} "
        f"({kind}).",
        reporting_ref,
        now,
    )
    _funders(activity, funded.contributions)
    _narrative(activity, "participating-org", "Strong Cities Network", role="2", type=NETWORK)
    _narrative(activity, "participating-org", city.name_en, role="4", type=LOCAL_GOVERNMENT)
    ET.SubElement(activity, "activity-status", code=GRANT_STATUS[grant.status])
    starts, ends = grant.starts_on or decided, grant.ends_on or grant.starts_on or decided
    ET.SubElement(activity, "activity-date", {"iso-date": starts.isoformat(), "type": "1"})
    ET.SubElement(activity, "activity-date", {"iso-date": ends.isoformat(), "type": "3"})
    ET.SubElement(activity, "recipient-country", code=str(city.country))
    ET.SubElement(activity, "sector", code=SECTOR, vocabulary="1")
    budget = ET.SubElement(activity, "budget", type="1", status="2")
    ET.SubElement(budget, "period-start", {"iso-date": starts.isoformat()})
    ET.SubElement(budget, "period-end", {"iso-date": max(ends, starts).isoformat()})
    value = ET.SubElement(budget, "value", {"currency": "USD", "value-date": decided.isoformat()})
    value.text = str(grant.approved_usd)
    _outgoing(activity, "2", decided, grant.approved_usd, city.name_en)
    for disbursement in grant.disbursements.all():
        _outgoing(activity, "3", disbursement.paid_on, disbursement.amount_usd, city.name_en)
    _parent(activity, reporting_ref, decided.year)


def _outgoing(activity, code: str, on, amount, receiver: str) -> None:
    transaction = ET.SubElement(activity, "transaction")
    ET.SubElement(transaction, "transaction-type", code=code)
    ET.SubElement(transaction, "transaction-date", {"iso-date": on.isoformat()})
    value = ET.SubElement(transaction, "value", {"currency": "USD", "value-date": on.isoformat()})
    value.text = str(amount)
    _narrative(transaction, "receiver-org", receiver, type=LOCAL_GOVERNMENT)


def _network_activity(root, item: Activity, contributions, reporting_ref: str, now) -> None:
    starts, ends = item.starts_at.date(), item.ends_at.date()
    activity = _start(
        root,
        f"{reporting_ref}-ACT-{item.code}",
        item.title_en or item.title,
        f"{item.get_kind_display()} of the Strong Cities Network"
        + (f", {item.place}" if item.place else "")
        + ".",
        reporting_ref,
        now,
    )
    _funders(activity, contributions)
    _narrative(activity, "participating-org", "Strong Cities Network", role="4", type=NETWORK)
    ET.SubElement(activity, "activity-status", code=ACTIVITY_STATUS.get(item.status, "2"))
    actual = item.status == Activity.Status.HELD
    ET.SubElement(
        activity, "activity-date", {"iso-date": starts.isoformat(), "type": "2" if actual else "1"}
    )
    ET.SubElement(
        activity, "activity-date", {"iso-date": ends.isoformat(), "type": "4" if actual else "3"}
    )
    ET.SubElement(activity, "recipient-region", code=REGION, vocabulary="1")
    ET.SubElement(activity, "sector", code=SECTOR, vocabulary="1")
    _parent(activity, reporting_ref, starts.year)


def _funded_activities(grants: list[FundedGrant]) -> list[tuple[Activity, list]]:
    """The network's activities contributions were earmarked to or that deliver a grant,
    each with the contributions that paid for it (cancelled ones are left out)."""
    funded: dict[int, tuple[Activity, list]] = {}
    for contribution in (
        Contribution.objects.filter(activity__isnull=False)
        .select_related("activity", "donor__organisation")
        .order_by("pk")
    ):
        funded.setdefault(contribution.activity_id, (contribution.activity, []))[1].append(
            contribution
        )
    for item in grants:
        for activity in item.grant.activities.all():
            entry = funded.setdefault(activity.pk, (activity, []))
            entry[1].extend(c for c in item.contributions if c not in entry[1])
    return sorted(
        (entry for entry in funded.values() if entry[0].status != Activity.Status.CANCELLED),
        key=lambda entry: (entry[0].starts_at, entry[0].pk),
    )


def activity_file() -> bytes:
    """The IATI 2.03 activity file of every year in the ledger, as UTF-8 XML."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    reporting_ref = settings.IATI_REPORTING_ORG_REF
    root = ET.Element("iati-activities", {"version": "2.03", "generated-datetime": now})
    for year in sorted(ledger_years()):
        _activity(root, year, reporting_ref, now)
    grants = funders_of_grants()
    for funded in grants:
        _grant(root, funded, reporting_ref, now)
    for item, contributions in _funded_activities(grants):
        _network_activity(root, item, contributions, reporting_ref, now)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
