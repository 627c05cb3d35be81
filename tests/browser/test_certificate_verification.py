"""A donor scans the QR code of a membership certificate: the printed address opens the
verification page in the reader's language, says the certificate is genuine and the
membership current, names the city, and reads right to left in Arabic. An unknown code
gets a page that says so and nothing more. Screenshots of both pages, and of the
certificate's first page (rendered from its PDF), in English and Arabic."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import translation
from playwright.sync_api import expect

from members.models import Membership
from members.reports import certificate_context
from members.services.certificates import issue_certificate
from scn_portal.reports.rendering import render_pdf
from tests import factories
from tests.browser.conftest import (
    axe_violations,
    browser_errors,
    describe_violations,
    expect_heading,
    localized_date,
    tr,
    watch_console,
)

pytestmark = pytest.mark.browser
JOINED = datetime.date(2019, 5, 1)


@pytest.fixture
def certificate(transactional_db, settings, live_server):
    # The address printed on the certificate (and in its QR code) is the live server's.
    settings.SITE_URL = live_server.url
    factories.make_certificate_settings()
    rabat = factories.LocalGovernmentFactory(
        name_en="Rabat", name_ar="الرباط", country="MA", languages=["ar", "fr"]
    )
    Membership.objects.create(
        local_government=rabat, status=Membership.Status.MEMBER, joined_on=JOINED
    )
    official = factories.make_official(rabat, email="focal.point@rabat.example.org")
    return issue_certificate(city=rabat, language="ar", actor=official)


def save_certificate_pages(certificate, directory) -> list:
    """The certificate's PDF as its reader gets it, each page saved as a PNG."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian poppler-utils) is needed to picture the certificate")
    with translation.override("ar"):
        context = certificate_context({"certificate": certificate.number})
    pdf = render_pdf(
        template="print/membership_certificate.html",
        context={**context, "title": "Membership certificate"},
        language="ar",
    )
    path = directory / "certificate.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(path), str(directory / "pdfpage")], check=True
    )
    # Page 1 is in the city's language (Arabic), page 2 in English.
    pages = sorted(directory.glob("pdfpage-*.png"))
    names = [directory / f"certificate-pdf-{language}.png" for language in ("ar", "en")]
    for page, name in zip(pages, names, strict=True):
        page.rename(name)
    return names


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_printed_address_opens_the_verification_page_in_the_readers_language(
    new_context, live_server, certificate, screenshot_dir, language
):
    reader = new_context(locale=language).new_page()
    errors = watch_console(reader)

    response = reader.goto(certificate.verification_url())

    assert response is not None and response.status == 200
    assert reader.url == live_server.url + f"/{language}/certificates/{certificate.code}/"
    expect(reader.locator("html")).to_have_attribute("lang", language)
    expect(reader.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect_heading(
        reader, tr(language, "Membership certificate %(number)s", number=certificate.number)
    )
    expect(reader.get_by_text(tr(language, "This certificate is genuine."))).to_be_visible()
    city = "الرباط" if language == "ar" else "Rabat"
    expect(reader.get_by_role("definition").filter(has_text=city).first).to_be_visible()
    expect(reader.get_by_text(localized_date(language, JOINED), exact=True)).to_be_visible()
    reader.screenshot(
        path=screenshot_dir / f"certificate-verification-{language}.png", full_page=True
    )
    assert not describe_violations(axe_violations(reader))
    assert not browser_errors(errors), errors


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_unknown_code_says_there_is_no_such_certificate(
    page, live_server, certificate, screenshot_dir, language
):
    response = page.goto(f"{live_server.url}/{language}/certificates/{'a' * 32}/")

    assert response is not None and response.status == 404
    expect_heading(page, tr(language, "No certificate with this code"))
    expect(page.get_by_text("Rabat")).to_have_count(0)
    expect(page.get_by_text("الرباط")).to_have_count(0)
    page.screenshot(path=screenshot_dir / f"certificate-unknown-{language}.png", full_page=True)


def test_the_certificate_pdf_is_pictured_in_arabic_and_english(certificate, screenshot_dir):
    pictures = save_certificate_pages(certificate, screenshot_dir)

    assert [p.name for p in pictures] == ["certificate-pdf-ar.png", "certificate-pdf-en.png"]
    assert all(p.stat().st_size > 10_000 for p in pictures)
