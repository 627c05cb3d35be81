"""The funding records the URL × role matrix opens (made with the matrix's world)."""

import datetime

from django.core.files.base import ContentFile

from tests import factories


def populate(world) -> None:
    from djmoney.money import Money

    from funding.models import Agreement, FeeInvoice

    partner = factories.PartnerFactory(organisation__name="Matrix partner", is_public=True)
    world.funding_agreement = Agreement.objects.create(
        partner=partner, title="Matrix agreement", starts_on=datetime.date(2024, 1, 1)
    )
    world.funding_agreement.document.save("a.pdf", ContentFile(factories.PDF_BYTES))
    partner.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 32))
    world.funding_donor = factories.DonorFactory(organisation=partner.organisation)
    world.funding_contribution = factories.make_contribution(world.funding_donor)
    world.fee_invoice = FeeInvoice.objects.create(
        number="FEE-2024-0001",
        local_government=world.rabat,
        year=2024,
        amount=Money("500.00", "USD"),
        issued_on=datetime.date(2024, 1, 15),
    )


def agreement(world):
    return world.funding_agreement
