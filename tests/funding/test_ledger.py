"""The funding dashboard and the public transparency page read the same ledger: their
totals equal the sum of the contributions, anonymous donors are never named, overdue
instalments are highlighted and reminded once."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from funding.iati import activity_file
from funding.selectors.ledger import overdue_instalments, year_ledger
from funding.selectors.transparency import public_year
from scn_portal.reminders import registry
from scn_portal.reminders.services import send_due_reminders
from tests import factories
from tests.funding.conftest import ANONYMOUS_NAME

pytestmark = pytest.mark.django_db

# 1,000,000 NOK × 0.095 + 200,000 EUR × 1.10 + 50,000 USD + 30,000 EUR × 1.10
FINANCIAL = Decimal("95000.00") + Decimal("220000.00") + Decimal("50000.00") + Decimal("33000.00")
IN_KIND = Decimal("1140.00")  # 12,000 NOK × 0.095


def test_the_years_ledger_adds_up_in_usd_at_each_contributions_rate(ledger_2024):
    ledger = year_ledger(2024, on=datetime.date(2024, 12, 1))
    assert ledger.pledged == FINANCIAL
    assert ledger.in_kind == IN_KIND
    assert ledger.received == Decimal("57000.00")  # 600,000 NOK
    assert ledger.costs == Decimal("3100000.00")
    assert ledger.coverage == 13
    by_type = {line.label: line for line in ledger.by_support_type}
    assert by_type["5. City-focused capacity building and technical support"].pledged == Decimal(
        "95000.00"
    )
    by_earmark = {line.label: line.total for line in ledger.by_earmark}
    assert by_earmark["Middle East and North Africa hub"] == Decimal("220000.00")
    assert by_earmark["Unrestricted"] == Decimal("50000.00") + Decimal("33000.00") + IN_KIND


def test_an_instalment_past_due_and_not_received_is_overdue(ledger_2024):
    assert overdue_instalments(datetime.date(2024, 8, 31)) == []
    overdue = overdue_instalments(datetime.date(2024, 9, 10))
    assert [(o.instalment.due_on, o.shortfall, o.days) for o in overdue] == [
        (datetime.date(2024, 9, 1), Decimal("400000.00"), 9)
    ]


def test_staff_see_the_dashboard_with_overdue_instalments_in_constant_queries(
    client_as, ledger_2024, django_assert_max_num_queries
):
    client = client_as("mu_staff")
    url = reverse("funding:dashboard") + "?year=2024"
    with time_machine.travel(datetime.datetime(2024, 10, 1, 12, tzinfo=datetime.UTC)):
        # 16 for the ledger, 4 for the fund's grants by kind, priority, region and in all.
        with django_assert_max_num_queries(20):
            page = client.get(url).content.decode()
        assert "Overdue instalments" in page
        assert "Norway: 400000.00 NOK due on" in page
        assert "398000.00" in page  # pledged, USD
        # More donors and contributions cost no more queries.
        for n in range(10):
            factories.make_contribution(factories.DonorFactory(), amount=f"{n + 1}00.00")
        with django_assert_max_num_queries(20):
            client.get(url)


@pytest.mark.parametrize("persona", ["hub_staff_mena", "official_of_rabat", "isc_member"])
def test_the_dashboard_is_for_management_unit_staff_only(client_as, ledger_2024, persona):
    response = client_as(persona).get(reverse("funding:dashboard"))
    assert response.status_code == 404


def test_the_public_page_equals_the_ledger_and_never_names_an_anonymous_donor(client, ledger_2024):
    page = public_year(2024)
    assert page.financial_usd == FINANCIAL
    assert page.in_kind_usd == IN_KIND
    sources = [line.source for line in page.lines]
    assert "Norway" in sources and "European Union" in sources
    assert "Private sector" in sources  # category only
    assert "Acme Private Sector Ltd" not in sources
    assert sources[-1] == "Anonymous donors"

    html = client.get(reverse("funding:transparency") + "?year=2024").content.decode()
    csv_text = client.get(reverse("funding:transparency_csv", args=[2024])).content.decode()
    xml = client.get(reverse("iati_activities")).content.decode()
    for output in (html, csv_text, xml):
        assert ANONYMOUS_NAME not in output
        assert "Acme" not in output
    assert f"{page.total_usd} USD" in html
    assert "Norway" in html and "1000000.00" in csv_text
    for language in ("ar", "fr", "es"):
        translated = client.get(f"/{language}/funding/transparency/?year=2024").content.decode()
        assert ANONYMOUS_NAME not in translated


def test_the_public_page_refuses_an_unknown_year_with_404(client, ledger_2024):
    assert client.get(reverse("funding:transparency") + "?year=1999").status_code == 404
    assert client.get(reverse("funding:transparency") + "?year=abc").status_code == 404
    assert client.get(reverse("funding:transparency_csv", args=[1999])).status_code == 404


def test_the_iati_file_validates_against_the_2_03_schema(ledger_2024):
    from okfn_iati.iati_schema_validator import IatiValidator

    xml = activity_file().decode()
    ok, errors = IatiValidator().validate_xml(xml)
    assert ok, errors
    assert "<iati-identifier>XI-IATI-SCN-2024</iati-identifier>" in xml
    assert 'currency="NOK" value-date="2024-01-02">1000000.00<' in xml
    assert ANONYMOUS_NAME not in xml


def test_overdue_instalments_and_agreements_to_renew_are_reminded_once(ledger_2024, mu_staff):
    from funding.models import Agreement

    partner = factories.PartnerFactory(organisation__name="Norway")
    Agreement.objects.create(
        partner=partner,
        title="Framework 2022–2024",
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        renewal_notice_days=90,
    )
    with time_machine.travel(datetime.datetime(2024, 10, 15, 9, tzinfo=datetime.UTC)):
        send_due_reminders(rule=registry.get("funding.instalment_overdue"))
        send_due_reminders(rule=registry.get("funding.agreement_renewal"))
        subjects = sorted(m.subject for m in mail.outbox)
        assert len(subjects) == 2
        assert "Agreement with Norway ends on" in subjects[0]
        assert "Instalment of Norway due on" in subjects[1]
        assert mail.outbox[0].to == [mu_staff.email]
        # Run again (the hourly beat): nothing new is sent.
        send_due_reminders(rule=registry.get("funding.instalment_overdue"))
        send_due_reminders(rule=registry.get("funding.agreement_renewal"))
        assert len(mail.outbox) == 2


def test_the_work_queue_lists_overdue_instalments_and_agreements_ending(client_as, ledger_2024):
    from funding.models import Agreement

    partner = factories.PartnerFactory(organisation__name="Norway")
    Agreement.objects.create(
        partner=partner,
        title="Framework 2022–2024",
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2024, 11, 30),
    )
    with time_machine.travel(datetime.datetime(2024, 10, 1, 12, tzinfo=datetime.UTC)):
        page = client_as("mu_staff").get(reverse("workqueue:queue")).content.decode()
        hub_page = client_as("hub_staff_mena").get(reverse("workqueue:queue")).content.decode()
    assert "Donor instalments overdue" in page
    assert "400000.00 NOK" in page  # the September instalment; March was received
    assert "600000.00 NOK" not in page
    assert "Framework 2022–2024" in page
    assert "Donor instalments overdue" not in hub_page


def test_the_dashboard_shows_what_the_fund_approved_when_the_fund_answers(
    client_as, ledger_2024, monkeypatch
):
    from funding.selectors import ledger as ledger_selectors

    monkeypatch.setattr(
        ledger_selectors,
        "fund_grants",
        lambda year: {
            "by_support_kind": [
                {
                    "code": "training",
                    "name": "Tailored training",
                    "total": Decimal("45000.00"),
                    "count": 2,
                }
            ],
            "total": Decimal("45000.00"),
        },
    )
    page = client_as("mu_staff").get(reverse("funding:dashboard") + "?year=2024")
    html = page.content.decode()
    assert "Approved by the Technical Support Fund (USD)" in html
    assert "Tailored training" in html and "45000.00" in html
