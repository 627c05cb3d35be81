"""The network's funding as an IATI activity file (IATI standard 2.03).

One activity per year the ledger knows: the Management Unit reports it (``reporting-org``,
its reference from the ``IATI_REPORTING_ORG_REF`` setting), the named donors are its
funding organisations, the year's operating costs its budget, and each pledge and
receipt an incoming commitment or incoming funds transaction in its own currency (with
the date of the rate used). Anonymous donors are never named: their transactions carry
no provider at all, and category-only donors appear by category only. The fund's grants
join as activities of their own once the fund's selector provides them
(``funding.selectors.fund.iati_grants``).
"""

from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

from django.conf import settings

from .models import Contribution, Donor, OperatingCost
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


def activity_file() -> bytes:
    """The IATI 2.03 activity file of every year in the ledger, as UTF-8 XML."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    reporting_ref = settings.IATI_REPORTING_ORG_REF
    root = ET.Element("iati-activities", {"version": "2.03", "generated-datetime": now})
    for year in sorted(ledger_years()):
        _activity(root, year, reporting_ref, now)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
