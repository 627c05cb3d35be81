"""A partner's admin page: its agreements, contributions (as a donor), hubs hosted and
activities co-organised, at a cost that does not grow with them; every change to the
partner, its partnerships, agreements and engagements goes through the services (the
audit trail names it and who did it); partners are the Management Unit's, not hub staff's."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import Agreement, Engagement, Partner, Partnership
from scn_portal.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ar", "fr", "es")


def events_of(obj) -> set[str]:
    return set(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).values_list("event", flat=True)
    )


def rows(prefix: str, items: list[dict], fields: list[str], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        for name in [*fields, "id", "partner", "DELETE"]:
            if name in item:
                data[f"{prefix}-{i}-{name}"] = item[name]
    return data


def partner_form(organisation, *, partnerships=(), agreements=(), engagements=(), **over):
    data = {
        "organisation": str(organisation.pk),
        "link": "https://partner.example.org/",
        "is_public": "on",
        **{f"description_{lang}": "" for lang in LANGUAGES},
        "description_en": "A partner of the network.",
    }
    initial = over.pop("initial", {})
    data.update(over)
    data.update(
        rows(
            "partnerships",
            list(partnerships),
            ["kind", "hub", "since", "until"],
            initial.get("partnerships", 0),
        )
    )
    data.update(
        rows(
            "agreements",
            list(agreements),
            ["title", "signed_on", "starts_on", "ends_on", "renewal_notice_days"],
            initial.get("agreements", 0),
        )
    )
    data.update(
        rows(
            "engagements",
            list(engagements),
            ["kind", "on", "summary"],
            initial.get("engagements", 0),
        )
    )
    return data


def a_partner_with(n: int, mena_hub) -> Partner:
    """A partner with ``n`` of everything its page shows."""
    partner = factories.PartnerFactory(organisation__name=f"Partner with {n}")
    donor = factories.DonorFactory(organisation=partner.organisation)
    for i in range(n):
        Partnership.objects.create(partner=partner, kind="hub_host", hub=mena_hub)
        Agreement.objects.create(
            partner=partner, title=f"Agreement {i}", starts_on=datetime.date(2024, 1, 1)
        )
        Engagement.objects.create(
            partner=partner,
            kind="joint_activity",
            on=datetime.date(2024, 3, 1),
            summary=f"Joint {i}",
        )
        factories.make_contribution(donor, amount="1000.00")
        factories.ActivityFactory(
            partner_name=partner.organisation.name, organiser="partner", hub=mena_hub
        )
    return partner


def test_a_partners_page_shows_its_four_sections(client_as, mena_hub):
    partner = a_partner_with(1, mena_hub)
    activity = factories.ActivityFactory(
        title="Youth resilience workshop",
        partner_name="partner WITH 1",  # named as the partner, whatever the case
        organiser="partner",
        hub=mena_hub,
    )
    html = (
        client_as("mu_staff")
        .get(reverse("admin:funding_partner_change", args=[partner.pk]))
        .content.decode()
    )

    assert "Agreement 0" in html
    assert "2024 · 1000.00 USD" in html or "1000.00 USD" in html
    assert reverse("admin:hubs_hub_change", args=[mena_hub.pk]) in html
    assert "Middle East and North Africa hub" in html
    assert "Youth resilience workshop" in html
    assert reverse("admin:hubs_activity_change", args=[activity.pk]) in html
    assert "Joint 0" in html


def test_an_unrelated_activity_is_not_shown_as_co_organised(client_as, mena_hub):
    partner = factories.PartnerFactory(organisation__name="Quiet partner")
    factories.ActivityFactory(title="Someone else's webinar", partner_name="Another body")
    html = (
        client_as("mu_staff")
        .get(reverse("admin:funding_partner_change", args=[partner.pk]))
        .content.decode()
    )
    assert "Someone else&#x27;s webinar" not in html and "Someone else's webinar" not in html


def test_the_page_costs_the_same_queries_with_one_or_many_of_everything(client_as, mena_hub):
    staff = client_as("mu_staff")
    few, many = a_partner_with(1, mena_hub), a_partner_with(6, mena_hub)
    staff.get(reverse("admin:funding_partner_change", args=[few.pk]))  # warm the caches
    counts = []
    for partner in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = staff.get(reverse("admin:funding_partner_change", args=[partner.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_partner_added_in_the_admin_is_recorded_with_its_rows_through_the_services(
    client_as, mu_staff, mena_hub
):
    organisation = factories.OrganisationFactory(name="Ministry of Cities")
    response = client_as("mu_staff").post(
        reverse("admin:funding_partner_add"),
        partner_form(
            organisation,
            regions=[str(r.pk) for r in mena_hub.regions.all()],
            partnerships=[{"kind": "hub_host", "hub": str(mena_hub.pk), "since": "2024-01-01"}],
            agreements=[
                {
                    "title": "Hosting agreement",
                    "starts_on": "2024-01-01",
                    "ends_on": "2026-12-31",
                    "renewal_notice_days": "90",
                }
            ],
            engagements=[{"kind": "meeting", "on": "2024-02-01", "summary": "Kick-off"}],
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    partner = Partner.objects.get(organisation=organisation)
    assert list(partner.regions.all()) == list(mena_hub.regions.all())
    assert "partner_recorded" in events_of(partner)
    assert "partnership_recorded" in events_of(partner.partnerships.get())
    assert "agreement_recorded" in events_of(partner.agreements.get())
    assert "engagement_recorded" in events_of(partner.engagements.get())
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=str(partner.agreements.get().pk),
    )
    assert entry.actor == mu_staff


def test_changes_and_removals_in_the_admin_are_named_in_the_trail(client_as, mena_hub):
    partner = factories.PartnerFactory(organisation__name="Changing partner")
    agreement = Agreement.objects.create(
        partner=partner, title="First agreement", starts_on=datetime.date(2024, 1, 1)
    )
    engagement = Engagement.objects.create(
        partner=partner, kind="meeting", on=datetime.date(2024, 2, 1), summary="Met once"
    )
    response = client_as("mu_staff").post(
        reverse("admin:funding_partner_change", args=[partner.pk]),
        partner_form(
            partner.organisation,
            link="https://changed.example.org/",
            initial={"agreements": 1, "engagements": 1},
            agreements=[
                {
                    "id": str(agreement.pk),
                    "partner": str(partner.pk),
                    "title": "First agreement, renewed",
                    "starts_on": "2024-01-01",
                    "ends_on": "2027-12-31",
                    "renewal_notice_days": "60",
                }
            ],
            engagements=[
                {
                    "id": str(engagement.pk),
                    "partner": str(partner.pk),
                    "kind": "meeting",
                    "on": "2024-02-01",
                    "summary": "Met once",
                    "DELETE": "on",
                }
            ],
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    partner.refresh_from_db()
    agreement.refresh_from_db()
    assert partner.link == "https://changed.example.org/"
    assert "partner_changed" in events_of(partner)
    assert agreement.title == "First agreement, renewed"
    assert "agreement_changed" in events_of(agreement)
    assert not Engagement.objects.filter(pk=engagement.pk).exists()
    assert "engagement_removed" in events_of(engagement)


def test_a_hub_host_without_its_hub_is_refused_and_nothing_is_saved(client_as):
    organisation = factories.OrganisationFactory(name="Half-filled partner")
    response = client_as("mu_staff").post(
        reverse("admin:funding_partner_add"),
        partner_form(organisation, partnerships=[{"kind": "hub_host", "since": "2024-01-01"}]),
    )
    assert response.status_code == 200
    assert not Partner.objects.filter(organisation=organisation).exists()


def test_an_agreement_ending_before_it_starts_is_refused_and_nothing_is_saved(client_as):
    partner = factories.PartnerFactory(organisation__name="Careful partner")
    response = client_as("mu_staff").post(
        reverse("admin:funding_partner_change", args=[partner.pk]),
        partner_form(
            partner.organisation,
            link="https://not-kept.example.org/",
            agreements=[
                {
                    "title": "Backwards",
                    "starts_on": "2025-01-01",
                    "ends_on": "2024-01-01",
                    "renewal_notice_days": "90",
                }
            ],
        ),
    )
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.link != "https://not-kept.example.org/"
    assert not partner.agreements.exists()


@pytest.mark.parametrize("persona", ["hub_staff_mena", "hub_staff_other"])
def test_hub_staff_neither_see_nor_change_partners(client_as, persona):
    partner = factories.PartnerFactory(organisation__name="Staff-only partner")
    hub_staff = client_as(persona)
    assert hub_staff.get(reverse("admin:funding_partner_changelist")).status_code == 403
    change = reverse("admin:funding_partner_change", args=[partner.pk])
    assert hub_staff.get(change).status_code in (302, 403)
    hub_staff.post(change, partner_form(partner.organisation, link="https://hub.example.org/"))
    partner.refresh_from_db()
    assert partner.link != "https://hub.example.org/"
    assert not events_of(partner) & {"partner_changed"}


def test_officials_are_sent_away_from_the_partner_pages(client_as):
    partner = factories.PartnerFactory(organisation__name="Not for officials")
    response = client_as("official_of_rabat").get(
        reverse("admin:funding_partner_change", args=[partner.pk])
    )
    assert response.status_code == 302 and "login" in response["Location"]
