"""Membership certificates as records: each one issued has a number and a verification code,
the PDF prints what a donor or a journalist checks, and the public verification page says
whether it is genuine and the membership current — naming an unlisted city to no one who
lacks the code."""

import datetime
import json
import re
import shutil
import subprocess

import pytest
import segno
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import formats, translation

from members.models import Certificate, CertificateSettings, Membership, PrincipleVersion
from members.reports import QR_SCALE
from members.services import certificates, memberships
from scn_portal.audit.models import AuditEntry
from scn_portal.reports.models import ReportRequest
from tests import factories
from tests.reports.test_network_at_a_glance import download, pdf_text

pytestmark = pytest.mark.django_db
ISSUED_DAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def signatory(db):
    return factories.make_certificate_settings()


@pytest.fixture
def rabat_in_arabic(rabat):
    rabat.name_ar = "الرباط"
    rabat.languages = ["ar", "fr"]
    rabat.save(update_fields=["name_ar", "languages"])
    return rabat


def in_language(language: str, day: datetime.date) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


def certificate_url(city) -> str:
    return reverse("members:certificate", kwargs={"code": city.code})


def verify_url(code: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse("members:verify_certificate", kwargs={"code": code})


def request_pdf(client, city, capture) -> tuple[Certificate, bytes]:
    """Ask for the certificate as a person does (the button) and download the PDF."""
    with capture(execute=True):
        response = client.post(certificate_url(city))
    report = ReportRequest.objects.order_by("-pk").first()
    assert response["Location"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.DONE, report.error
    return Certificate.objects.order_by("-pk").first(), download(client, report)


def unbroken(text: str) -> str:
    """The PDF's text without spaces or line breaks (a long address wraps on paper)."""
    return re.sub(r"\s+", "", text)


# --- Issuing ------------------------------------------------------------------------------


def test_issuing_numbers_certificates_in_sequence_within_each_year_and_audits_it(
    rabat, oslo, official_of_rabat, official_of_other_city
):
    with time_machine.travel(ISSUED_DAY):
        first = certificates.issue_certificate(city=rabat, language="ar", actor=official_of_rabat)
        second = certificates.issue_certificate(
            city=oslo, language="en", actor=official_of_other_city
        )
        third = certificates.issue_certificate(city=rabat, language="ar", actor=official_of_rabat)
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC)):
        next_year = certificates.issue_certificate(
            city=rabat, language="ar", actor=official_of_rabat
        )

    assert [c.number for c in (first, second, third, next_year)] == [
        "SCN-2026-0001",
        "SCN-2026-0002",
        "SCN-2026-0003",
        "SCN-2027-0001",
    ]
    assert first.member_since == datetime.date(2020, 1, 1)
    assert first.issued_by == official_of_rabat and first.languages == ["ar", "en"]
    assert first.signatory["ar"] == {"name": "سارة ليندكفيست", "title": "المديرة التنفيذية"}
    # The code is long, random and nothing like the number.
    codes = {c.code for c in (first, second, third, next_year)}
    assert len(codes) == 4
    assert all(re.fullmatch(r"[a-z2-7]{32}", code) for code in codes)
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Certificate), object_id=str(first.pk)
    )
    assert entry.event == "certificate_issued"
    assert entry.what_happened() == "Membership certificate issued"
    assert entry.changes["issued_by_id"] == [None, official_of_rabat.pk]
    assert entry.changes["number"] == [None, "SCN-2026-0001"]
    assert "code" not in entry.changes  # the secret stays out of the trail


def test_a_refused_request_issues_nothing_and_uses_no_number(
    client_as, rabat, settings, official_of_rabat
):
    settings.REPORTS_PER_PERSON_PER_HOUR = 1
    client = client_as("official_of_rabat")
    client.post(certificate_url(rabat))
    client.post(certificate_url(rabat))  # over the hourly limit

    assert Certificate.objects.count() == ReportRequest.objects.count() == 1
    assert Certificate.objects.get().sequence == 1


def test_no_certificate_is_issued_before_staff_name_the_signatory(
    client_as, rabat, official_of_rabat
):
    CertificateSettings.objects.all().delete()
    response = client_as("official_of_rabat").post(certificate_url(rabat), follow=True)

    assert not Certificate.objects.exists() and not ReportRequest.objects.exists()
    assert "the Management Unit has not named the signatory" in response.content.decode()


def test_an_official_of_another_city_cannot_issue_one_for_rabat(client_as, rabat):
    response = client_as("official_of_other_city").post(certificate_url(rabat))

    assert response.status_code == 404
    assert not Certificate.objects.exists()


# --- The PDF ---------------------------------------------------------------------------------


def test_the_pdf_in_arabic_and_english_prints_what_a_reader_checks(
    client_as, rabat_in_arabic, official_of_rabat, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as("official_of_rabat")
    certificate, pdf = request_pdf(client, rabat_in_arabic, django_capture_on_commit_callbacks)
    text = pdf_text(pdf, tmp_path)
    joined = datetime.date(2020, 1, 1)

    assert text.count(certificate.number) == 2  # on the Arabic page and the English one
    assert "Sara Lindqvist" in text and "Executive Director" in text
    assert "سارة ليندكفيست" in text and "المديرة التنفيذية" in text
    assert in_language("en", joined) in " ".join(text.split())
    assert "يناير" in text  # the Arabic page dates in Arabic (pdftotext reorders its parts)
    assert unbroken(certificate.verification_url()) in unbroken(text)
    assert "الرباط" in text
    issuing = AuditEntry.objects.get(event="certificate_issued")
    assert (issuing.actor, issuing.source) == (official_of_rabat, "web")
    # One QR code on each page, and nothing fetched from elsewhere.
    assert len(pdf_images(pdf, tmp_path)) == 2


def test_a_new_signatory_appears_on_certificates_issued_after_the_change(
    client_as, oslo, official_of_other_city, signatory, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as("official_of_other_city")
    before, first_pdf = request_pdf(client, oslo, django_capture_on_commit_callbacks)
    signatory.signatory_name_en = "Jonas Achterberg"
    signatory.signatory_title_en = "Acting Executive Director"
    certificates.save_certificate_settings(settings_row=signatory, actor=None)

    after, second_pdf = request_pdf(client, oslo, django_capture_on_commit_callbacks)

    old_text, new_text = pdf_text(first_pdf, tmp_path), pdf_text(second_pdf, tmp_path)
    assert "Sara Lindqvist" in old_text and "Jonas Achterberg" not in old_text
    assert "Jonas Achterberg" in new_text and "Acting Executive Director" in new_text
    assert "Sara Lindqvist" not in new_text
    assert after.number != before.number and after.number in new_text
    # The certificate issued before keeps the signatory it was printed with.
    before.refresh_from_db()
    assert before.signatory["en"]["name"] == "Sara Lindqvist"


def pdf_images(pdf: bytes, tmp_path) -> list:
    """The PDF's images, as Pillow images (``pdfimages`` from poppler-utils)."""
    from PIL import Image

    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages (Debian poppler-utils) is needed to read the PDF's images")
    folder = tmp_path / "images"
    folder.mkdir(exist_ok=True)
    (folder / "in.pdf").write_bytes(pdf)
    subprocess.run(["pdfimages", "-png", str(folder / "in.pdf"), str(folder / "img")], check=True)
    return [Image.open(path).convert("L") for path in sorted(folder.glob("img-*.png"))]


def test_the_qr_code_in_the_pdf_is_the_verification_address(
    client_as, oslo, official_of_other_city, tmp_path, django_capture_on_commit_callbacks
):
    certificate, pdf = request_pdf(
        client_as("official_of_other_city"), oslo, django_capture_on_commit_callbacks
    )
    (image,) = pdf_images(pdf, tmp_path)
    expected = segno.make(certificate.verification_url(), error="m").matrix

    size = len(expected)
    assert image.size == (size * QR_SCALE, size * QR_SCALE)
    half = QR_SCALE // 2
    read = [
        [image.getpixel((x * QR_SCALE + half, y * QR_SCALE + half)) < 128 for x in range(size)]
        for y in range(size)
    ]
    assert read == [[bool(module) for module in row] for row in expected]


# --- The verification page -----------------------------------------------------------------


@pytest.fixture
def issued(rabat_in_arabic, official_of_rabat):
    with time_machine.travel(ISSUED_DAY):
        return certificates.issue_certificate(
            city=rabat_in_arabic, language="ar", actor=official_of_rabat
        )


def test_a_genuine_certificate_says_so_with_its_number_city_and_member_since(client, issued):
    response = client.get(verify_url(issued.code))
    page = response.content.decode()

    assert response.status_code == 200
    assert "This certificate is genuine." in page
    assert issued.number in page and "Rabat" in page
    assert in_language("en", datetime.date(2020, 1, 1)) in page
    assert in_language("en", ISSUED_DAY.date()) in page
    assert "Current: today Rabat is a member of the network and may hold member benefits." in page


def test_the_page_speaks_arabic_right_to_left(client, issued):
    page = client.get(verify_url(issued.code, "ar")).content.decode()
    with translation.override("ar"):
        genuine = translation.gettext("This certificate is genuine.")

    assert 'lang="ar" dir="rtl"' in page
    assert genuine != "This certificate is genuine." and genuine in page
    assert "الرباط" in page
    assert in_language("ar", datetime.date(2020, 1, 1)) in page


def test_a_genuine_certificate_of_a_city_that_may_not_hold_benefits_today_says_not_current(
    client, issued
):
    # A version of the principles is in force that Rabat has not committed to.
    PrincipleVersion.objects.create(label="2026", effective_on=datetime.date(2026, 1, 1))

    page = client.get(verify_url(issued.code)).content.decode()

    assert "This certificate is genuine." in page
    assert "Not current: today Rabat may not hold the network's member benefits." in page


def test_a_certificate_revoked_by_staff_says_since_when_but_not_why(client, issued, mu_staff):
    with time_machine.travel(datetime.datetime(2026, 5, 20, 8, 0, tzinfo=datetime.UTC)):
        certificates.revoke_certificate(
            certificate=issued, reason="Shown altered to a donor", actor=mu_staff
        )

    response = client.get(verify_url(issued.code))
    page = response.content.decode()

    assert response.status_code == 200
    assert "This certificate has been revoked." in page
    assert in_language("en", datetime.date(2026, 5, 20)) in page
    assert "Shown altered" not in page
    assert "This certificate is genuine." not in page
    assert "Current:" not in page


def test_suspending_the_membership_revokes_its_certificates(client, issued, mu_staff):
    membership = Membership.objects.get(local_government=issued.local_government)
    memberships.transition(
        membership=membership, to=Membership.Status.SUSPENDED, actor=mu_staff, reason="Unpaid"
    )
    issued.refresh_from_db()

    assert issued.is_revoked and issued.ended_membership.to_status == "suspended"
    assert (
        "This certificate has been revoked." in client.get(verify_url(issued.code)).content.decode()
    )
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Certificate), object_id=str(issued.pk)
    ).first()
    assert entry.event == "certificate_revoked"
    # Reinstated, the city asks for a new certificate: the old one stays revoked.
    memberships.transition(membership=membership, to=Membership.Status.MEMBER, actor=mu_staff)
    issued.refresh_from_db()
    assert issued.is_revoked


def test_an_unknown_code_answers_404_and_says_nothing_more(client, issued):
    for code in ["a" * 32, issued.number, issued.code[:-1], "x" * 400, str(issued.pk)]:
        response = client.get(verify_url(code))
        page = response.content.decode()
        assert response.status_code == 404, code
        assert "No certificate with this code" in page
        assert "Rabat" not in page and "genuine" not in page and "revoked" not in page


def test_the_code_is_read_whatever_its_case(client, issued):
    assert client.get(verify_url(issued.code.upper())).status_code == 200


def test_search_engines_are_asked_not_to_index_it_and_nobody_caches_it(client, issued):
    for code in (issued.code, "b" * 32):
        response = client.get(verify_url(code))
        assert 'name="robots" content="noindex' in response.content.decode()
        assert response["X-Robots-Tag"].startswith("noindex")
        assert "no-store" in response["Cache-Control"]


def test_the_printed_address_opens_the_page_in_the_readers_language(client, issued):
    printed = issued.verification_path()
    assert printed == f"/certificates/{issued.code}/"

    english = client.get(printed)
    arabic = client.get(printed, headers={"accept-language": "ar"})

    assert english.status_code == arabic.status_code == 302
    assert english["Location"] == verify_url(issued.code, "en")
    assert arabic["Location"] == verify_url(issued.code, "ar")


def test_there_is_no_list_of_certificates(client, issued):
    assert client.get("/en/certificates/").status_code == 404


def test_an_unlisted_city_is_named_only_to_the_holder_of_the_code(
    client, issued, official_of_rabat
):
    city = issued.local_government
    city.publicly_listed = False
    city.save(update_fields=["publicly_listed"])

    genuine = client.get(verify_url(issued.code)).content.decode()
    assert "Rabat" in genuine  # the code was given: its holder holds the certificate

    public_pages = [
        verify_url("c" * 32),
        verify_url(issued.number),
        reverse("members:directory"),
        reverse("members:directory") + "?q=Raba",
        reverse("members:directory_feed"),
        reverse("web:home"),
        reverse("members:city", kwargs={"code": city.code}),
    ]
    for url in public_pages:
        page = client.get(url).content.decode()
        assert "Rabat" not in page and "الرباط" not in page, url


# --- Staff --------------------------------------------------------------------------------


def test_staff_revoke_a_certificate_in_the_admin_with_a_reason(client_as, issued, mu_staff):
    client = client_as("mu_staff")
    changelist = reverse("admin:members_certificate_changelist")
    assert issued.number in client.get(changelist).content.decode()

    client.post(
        changelist,
        {"action": "revoke", ACTION_CHECKBOX_NAME: [issued.pk], "apply": "1", "reason": "Lost"},
    )
    issued.refresh_from_db()

    assert issued.is_revoked and issued.revoked_by == mu_staff
    assert issued.revocation_reason == "Lost"
    # Revoking again is refused with the reason, and changes nothing.
    response = client.post(
        changelist,
        {"action": "revoke", ACTION_CHECKBOX_NAME: [issued.pk], "apply": "1", "reason": "Again"},
        follow=True,
    )
    assert "was already revoked" in response.content.decode()
    issued.refresh_from_db()
    assert issued.revocation_reason == "Lost"


def test_a_revocation_without_a_reason_changes_nothing(client_as, issued):
    response = client_as("mu_staff").post(
        reverse("admin:members_certificate_changelist"),
        {"action": "revoke", ACTION_CHECKBOX_NAME: [issued.pk], "apply": "1", "reason": " "},
    )
    issued.refresh_from_db()

    assert response.status_code == 200 and not issued.is_revoked


@pytest.mark.parametrize("persona", ["hub_staff_mena", "official_of_rabat"])
def test_only_the_management_unit_reads_certificates_in_the_admin(client_as, issued, persona):
    response = client_as(persona).get(reverse("admin:members_certificate_changelist"))
    assert response.status_code in (302, 403)


def test_staff_set_the_signatory_in_each_language_and_it_is_audited(client_as, signatory, mu_staff):
    client = client_as("mu_staff")
    url = reverse("admin:members_certificatesettings_change", args=[signatory.pk])
    data = {
        "signatory_name_en": "Jonas Achterberg",
        "signatory_name_ar": "يوناس أختربرخ",
        "signatory_name_fr": "",
        "signatory_name_es": "",
        "signatory_title_en": "Executive Director",
        "signatory_title_ar": "المدير التنفيذي",
        "signatory_title_fr": "Directeur exécutif",
        "signatory_title_es": "",
    }
    response = client.post(url, data)

    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.signatory_name_ar == "يوناس أختربرخ"
    assert AuditEntry.objects.filter(event="certificate_settings_changed", actor=mu_staff).exists()
    # There is one settings record: none can be added or deleted.
    assert client.get(reverse("admin:members_certificatesettings_add")).status_code == 403
    delete = reverse("admin:members_certificatesettings_delete", args=[signatory.pk])
    assert client.get(delete).status_code == 403


def test_the_personal_data_export_lists_the_certificates_a_person_asked_for(
    client_as, issued, official_of_rabat
):
    response = client_as("mu_staff").get(
        reverse("web:personal_data_export", kwargs={"code": official_of_rabat.person.code})
    )
    data = json.loads(response.content)
    requested = data["user_account"]["membership_certificates_requested"]
    assert [c["number"] for c in requested] == [issued.number]
    assert issued.code not in response.content.decode()


def test_the_city_page_costs_the_same_with_more_certificates(
    client_as, issued, official_of_rabat, django_assert_max_num_queries
):
    client = client_as("official_of_rabat")
    url = reverse("members:city_portal", kwargs={"code": issued.local_government.code})
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(5):
        certificates.issue_certificate(
            city=issued.local_government, language="ar", actor=official_of_rabat
        )
    with django_assert_max_num_queries(30) as many:
        page = client.get(url).content.decode()

    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("Verify SCN-") == 6
