"""Partners in the admin: a partner's page shows its agreements, contributions and hubs
hosted; agreement documents are private; the five types of support are seeded data."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from funding.models import Agreement, Partnership, SupportType
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def norway_partner(mena_hub):
    partner = factories.PartnerFactory(organisation__name="Norway")
    Partnership.objects.create(partner=partner, kind="hub_host", hub=mena_hub)
    agreement = Agreement.objects.create(
        partner=partner,
        title="Framework agreement 2024–2026",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    agreement.document.save("signed.pdf", ContentFile(PDF))
    donor = factories.DonorFactory(organisation=partner.organisation)
    factories.make_contribution(donor, amount="750000.00", year=2024)
    return partner


def test_a_partners_page_shows_agreements_contributions_and_hubs_hosted(client_as, norway_partner):
    page = client_as("mu_staff").get(
        reverse("admin:funding_partner_change", args=[norway_partner.pk])
    )
    html = page.content.decode()
    assert "Framework agreement 2024–2026" in html
    assert "750000.00 USD" in html
    assert "Middle East and North Africa hub" in html


def test_an_agreement_document_is_served_to_management_unit_staff_only(client_as, norway_partner):
    agreement = norway_partner.agreements.get()
    url = reverse("admin:funding_partner_agreement", args=[norway_partner.pk, agreement.code])
    response = client_as("mu_staff").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_as("hub_staff_mena").get(url).status_code in (403, 404)
    assert client_as("official_of_rabat").get(url).status_code in (302, 403, 404)
    anonymous = client_as("anonymous").get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_a_hub_host_partnership_must_name_the_hub():
    partner = factories.PartnerFactory()
    with pytest.raises(IntegrityError):
        Partnership.objects.create(partner=partner, kind="hub_host")


def test_the_five_types_of_support_are_seeded_in_four_languages():
    types = list(SupportType.objects.all())
    assert [t.number for t in types] == [1, 2, 3, 4, 5]
    with translation.override("ar"):
        assert str(SupportType.objects.get(number=2).title) == (
            "إطلاق مركز إقليمي في منطقة ذات أولوية جديدة"
        )
    with translation.override("fr"):
        assert SupportType.objects.get(number=5).title.startswith("Renforcement des capacités")


def test_the_public_partners_page_lists_listed_partners_with_their_link(client):
    factories.PartnerFactory(
        organisation__name="Listed Network of Cities",
        link="https://cities.example.org/",
        is_public=True,
    )
    factories.PartnerFactory(organisation__name="Unlisted Ministry", is_public=False)
    html = client.get(reverse("funding:partners")).content.decode()
    assert "Listed Network of Cities" in html
    assert 'href="https://cities.example.org/"' in html
    assert "Unlisted Ministry" not in html


def test_a_logo_is_served_only_for_a_listed_partner(client):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    listed = factories.PartnerFactory(organisation__name="Listed", is_public=True)
    listed.logo.save("logo.png", ContentFile(png))
    hidden = factories.PartnerFactory(organisation__name="Hidden", is_public=False)
    hidden.logo.save("logo.png", ContentFile(png))
    response = client.get(reverse("funding:partner_logo", args=[listed.code]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(reverse("funding:partner_logo", args=[hidden.code])).status_code == 404
