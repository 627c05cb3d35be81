"""Who delivers a grant (the delivering hub, the network's activities, the experts of the
pool), recorded through a service from the admin (hub staff their own hub's grants only),
shown on the admin page and the city's page; what a donor's earmarked contributions
funded, in the donor report and the IATI file."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.errors import FundError
from funding.models import Disbursement, Donor, FundApplication, FundReport, SupportType
from funding.selectors.fund import activities_funded_by, grants_funded_by
from funding.services import fund as services
from tests import factories
from tests.funding.conftest import ANONYMOUS_NAME

pytestmark = pytest.mark.django_db

S = FundApplication.Status


def action_url(application) -> str:
    return reverse("admin:funding_fundapplication_delivery", args=[application.pk])


def change_url(application) -> str:
    return reverse("admin:funding_fundapplication_change", args=[application.pk])


@pytest.fixture
def grant(rabat, mena_hub):
    """Rabat's grant in delivery through the MENA hub, its support in 2024."""
    return factories.make_fund_application(
        rabat,
        status=S.IN_DELIVERY,
        title="Youth dialogue in Rabat",
        hub=mena_hub,
        approved_usd=Decimal("15000.00"),
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 9, 30),
        decided_at=datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC),
    )


@pytest.fixture
def workshop(mena_hub):
    return factories.ActivityFactory(
        title="Rabat dialogue workshop",
        hub=mena_hub,
        organiser="hub",
        title_en="Rabat dialogue workshop",
    )


@pytest.fixture
def pool_expert(expert):
    return expert.person.expert


def test_management_unit_staff_record_who_delivers_a_grant_and_the_city_sees_it(
    client_as, grant, workshop, pool_expert, mena_hub, official_of_rabat
):
    staff = client_as("mu_staff")
    page = staff.get(change_url(grant)).content.decode()
    assert "Record who delivers it" in page
    response = staff.post(
        action_url(grant),
        {"hub": mena_hub.pk, "activities": [workshop.pk], "experts": [pool_expert.pk]},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert list(grant.activities.all()) == [workshop]
    assert list(grant.experts.all()) == [pool_expert]

    page = staff.get(change_url(grant)).content.decode()
    assert "Rabat dialogue workshop" in page and pool_expert.person.full_name in page

    city = client_as("official_of_rabat").get(
        reverse("fund:application", kwargs={"code": grant.code})
    )
    text = city.content.decode()
    assert "Who delivers it" in text
    assert "Delivering hub: Middle East and North Africa hub" in text
    assert "Rabat dialogue workshop" in text and pool_expert.person.full_name in text


def test_the_staff_of_the_delivering_hub_record_it_for_their_hub_only(
    client_as, grant, workshop, pool_expert, mena_hub, balkans_hub, hub_staff_mena
):
    client = client_as("hub_staff_mena")
    assert "Record who delivers it" in client.get(change_url(grant)).content.decode()
    # Another hub is not among their choices: refused, nothing saved.
    refused = client.post(action_url(grant), {"hub": balkans_hub.pk, "activities": []})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    grant.refresh_from_db()
    assert grant.hub == mena_hub
    # Their own hub: saved.
    done = client.post(action_url(grant), {"hub": mena_hub.pk, "experts": [pool_expert.pk]})
    assert done.status_code == 302
    assert list(grant.experts.all()) == [pool_expert]


def test_staff_of_another_hub_and_officials_cannot_record_it(client_as, grant, mena_hub):
    other = client_as("hub_staff_other")
    response = other.post(action_url(grant), {"hub": mena_hub.pk})
    assert response.status_code in (302, 403, 404)
    assert other.get(change_url(grant)).status_code in (302, 404)
    official = client_as("official_of_rabat")
    assert official.post(action_url(grant), {"hub": mena_hub.pk}).status_code == 302  # login
    grant.refresh_from_db()
    assert not grant.activities.exists() and not grant.experts.exists()


def test_an_id_no_database_holds_is_an_invalid_choice_not_a_server_error(client_as, grant):
    response = client_as("mu_staff").post(
        action_url(grant), {"activities": [str(2**70)], "experts": ["x"]}
    )
    assert response.status_code == 400


def test_the_service_refuses_what_cannot_deliver_a_grant(
    grant, workshop, pool_expert, mena_hub, balkans_hub, mu_staff
):
    cancelled = factories.ActivityFactory(title="Cancelled one", hub=mena_hub, status="cancelled")
    elsewhere = factories.ActivityFactory(title="Balkans one", hub=balkans_hub)
    with pytest.raises(FundError, match="cancelled activity delivers nothing: Cancelled one"):
        services.record_delivery(
            application=grant, hub=mena_hub, activities=[cancelled], actor=mu_staff
        )
    with pytest.raises(FundError, match="another hub"):
        services.record_delivery(
            application=grant, hub=mena_hub, activities=[elsewhere], actor=mu_staff
        )
    pool_expert.is_active = False
    pool_expert.save(update_fields=["is_active"])
    with pytest.raises(FundError, match="no longer active in the pool"):
        services.record_delivery(
            application=grant, hub=mena_hub, experts=[pool_expert], actor=mu_staff
        )
    FundApplication.objects.filter(pk=grant.pk).update(status=S.CLOSED)
    grant.refresh_from_db()
    with pytest.raises(FundError, match="approved or in delivery"):
        services.record_delivery(
            application=grant, hub=mena_hub, activities=[workshop], actor=mu_staff
        )
    assert not grant.activities.exists() and not grant.experts.exists()


# --- What a donor's earmarked contributions funded ------------------------------------------


@pytest.fixture
def delivered(grant, workshop, pool_expert, mena_hub, mu_staff):
    services.record_delivery(
        application=grant,
        hub=mena_hub,
        activities=[workshop],
        experts=[pool_expert],
        actor=mu_staff,
    )
    Disbursement.objects.create(
        application=grant, amount_usd=Decimal("5000.00"), paid_on=datetime.date(2024, 3, 2)
    )
    FundReport.objects.create(
        application=grant,
        kind=FundReport.Kind.FINAL,
        due_on=datetime.date(2024, 11, 30),
        summary="Forty facilitators trained.",
        submitted_at=datetime.datetime(2024, 11, 1, tzinfo=datetime.UTC),
    )
    return grant


def test_a_contribution_earmarked_to_the_delivering_hub_funded_the_grant(
    delivered, ledger_2024, mena_hub, rabat
):
    eu = Donor.objects.get(organisation__name="European Union")  # earmarked to MENA
    eu_contribution = eu.contributions.get()
    assert eu_contribution.hub == mena_hub
    (funded,) = grants_funded_by(donor=eu, year=2024)
    assert funded.grant == delivered
    assert funded.contributions == [eu_contribution]
    assert funded.disbursed == Decimal("5000.00")
    assert funded.outcome == "Forty facilitators trained."
    assert [a.title for a in activities_funded_by(donor=eu, year=2024)] == [
        "Rabat dialogue workshop"
    ]
    # Another year, or a hub the grant is not delivered by: nothing.
    assert grants_funded_by(donor=eu, year=2023) == []
    other = factories.make_fund_application(
        rabat, delivered.round, status=S.APPROVED, title="Elsewhere", approved_usd=Decimal("10")
    )
    assert other.hub is None
    assert [f.grant for f in grants_funded_by(donor=eu, year=2024)] == [delivered]


def test_a_type_of_support_funds_grants_only_if_it_pays_for_them(delivered, ledger_2024):
    norway = ledger_2024["norway_pledge"].donor  # earmarked to type 5
    capacity = SupportType.objects.get(number=5)
    capacity.funds_fund_grants = False
    capacity.save(update_fields=["funds_fund_grants"])
    assert grants_funded_by(donor=norway, year=2024) == []
    capacity.funds_fund_grants = True
    capacity.save(update_fields=["funds_fund_grants"])
    assert [f.grant for f in grants_funded_by(donor=norway, year=2024)] == [delivered]


def test_unrestricted_contributions_fund_no_grant_in_particular(delivered, ledger_2024):
    company = Donor.objects.get(organisation__name="Acme Private Sector Ltd")
    assert grants_funded_by(donor=company, year=2024) == []


def test_what_a_donor_funded_costs_the_same_queries_however_many_grants(
    delivered, ledger_2024, rabat, mena_hub, django_assert_max_num_queries
):
    eu = Donor.objects.get(organisation__name="European Union")
    for n in range(5):
        factories.make_fund_application(
            rabat,
            delivered.round,
            status=S.IN_DELIVERY,
            title=f"Grant {n}",
            hub=mena_hub,
            approved_usd=Decimal("1000"),
            starts_on=datetime.date(2024, 5, 1),
            ends_on=datetime.date(2024, 6, 1),
        )
    with django_assert_max_num_queries(10):
        funded = grants_funded_by(donor=eu, year=2024)
        activities_funded_by(donor=eu, year=2024, grants=funded)
    assert len(funded) == 6


def test_the_donor_report_lists_the_grants_and_activities_it_funded(
    delivered, ledger_2024, mu_staff
):
    from funding.reports import request_donor_report
    from tests.funding.test_reports import pdf_text

    eu = Donor.objects.get(organisation__name="European Union")
    text = pdf_text(request_donor_report(donor=eu, year=2024, language="en", actor=mu_staff))
    assert "Youth dialogue in Rabat" in text
    assert "Forty facilitators trained." in text
    assert "Rabat dialogue workshop" in text
    assert "Middle East and North Africa hub" in text


def test_the_iati_file_has_the_grants_and_funded_activities_and_validates(
    delivered, ledger_2024, mena_hub, settings
):
    from okfn_iati.iati_schema_validator import IatiValidator

    from funding.iati import activity_file

    hidden = Donor.objects.get(organisation__name=ANONYMOUS_NAME)
    factories.make_contribution(hidden, amount="100.00", hub=mena_hub)  # anonymous, earmarked
    xml = activity_file().decode()
    ok, errors = IatiValidator().validate_xml(xml)
    assert ok, errors
    ref = settings.IATI_REPORTING_ORG_REF
    assert f"<iati-identifier>{ref}-TSF-{delivered.code}</iati-identifier>" in xml
    assert "Technical Support Fund: Youth dialogue in Rabat" in xml
    assert '<recipient-country code="MA"' in xml
    assert 'value-date="2024-03-02">5000.00<' in xml
    assert "<narrative>European Union</narrative>" in xml
    assert "Rabat dialogue workshop" in xml
    assert ANONYMOUS_NAME not in xml
