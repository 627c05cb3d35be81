"""The report framework, proven with the one-page "network at a glance" PDF."""

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import PrincipleVersion, StrategicPriority
from scn_portal.reports import registry
from scn_portal.reports.models import ReportRequest
from scn_portal.reports.registry import ReportKind
from scn_portal.reports.services import request_report
from tests.conftest import celery_broker_down, wait_for

BIDI_MARKS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069")
)


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is needed to read the PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return out.stdout.decode("utf-8").translate(BIDI_MARKS)


@pytest.fixture
def network_content(db):
    StrategicPriority.objects.create(
        number=4,
        code="youth",
        title_en="City–youth engagement",
        title_ar="إشراك الشباب في المدن",
        title_fr="Engagement des jeunes",
    )
    version = PrincipleVersion.objects.create(label="2023", effective_on="2023-01-01")
    version.principles.create(
        number=1,
        text_en="Uphold, respect and protect the rights of all people.",
        text_ar="احترام حقوق جميع الناس وحمايتها",
    )


def download(client, report) -> bytes:
    response = client.get(reverse("reports:download", kwargs={"code": report.code}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def test_staff_request_the_report_in_arabic_and_the_pdf_reads_in_arabic(
    client_as, network_content, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as("mu_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:list"), {"kind": "network_at_a_glance", "language": "ar"}
        )
    report = ReportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.status == ReportRequest.Status.DONE, report.error
    assert report.started_at and report.finished_at
    text = pdf_text(download(client, report), tmp_path)
    # Data in Arabic from the records, and the interface words from the Arabic catalogue.
    assert "إشراك الشباب في المدن" in text
    with translation.override("ar"):
        title = translation.gettext("Network at a glance")
    assert title != "Network at a glance", "the Arabic catalogue lacks the report title"
    assert title in text
    assert "City–youth engagement" not in text


def test_the_same_report_in_french_uses_french(
    client_as, network_content, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as("mu_staff")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:list"), {"kind": "network_at_a_glance", "language": "fr"})
    text = pdf_text(download(client, ReportRequest.objects.get()), tmp_path)
    assert "Engagement des jeunes" in text
    assert "إشراك" not in text


@pytest.mark.parametrize("persona", ["official_of_rabat", "hub_staff_mena", "isc_member", "expert"])
def test_people_who_may_not_request_the_report_are_refused(client_as, persona):
    client = client_as(persona)
    assert client.get(reverse("reports:list")).status_code == 404
    response = client.post(
        reverse("reports:list"), {"kind": "network_at_a_glance", "language": "en"}
    )
    assert response.status_code == 404
    assert not ReportRequest.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("reports:list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["official_of_rabat", "hub_staff_mena", "isc_member"])
def test_a_report_is_invisible_to_people_who_did_not_request_it(
    client_as, mu_staff, network_content, persona, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(kind="network_at_a_glance", language="en", actor=mu_staff)
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.DONE
    client = client_as(persona)
    assert client.get(report.get_absolute_url()).status_code == 404
    url = reverse("reports:download", kwargs={"code": report.code})
    assert client.get(url).status_code == 404


def test_another_staff_member_can_read_a_colleagues_report(client_as, mu_staff, superuser):
    report = request_report(kind="network_at_a_glance", language="en", actor=superuser)
    assert client_as("mu_staff").get(report.get_absolute_url()).status_code == 200


def test_an_unknown_kind_is_a_form_error_not_a_500(client_as):
    response = client_as("mu_staff").post(
        reverse("reports:list"), {"kind": "everyone's passwords", "language": "xx"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"kind", "language"}
    assert not ReportRequest.objects.exists()


def test_a_broker_outage_keeps_the_site_usable_and_says_so(
    client_as, django_capture_on_commit_callbacks
):
    client = client_as("mu_staff")
    with celery_broker_down():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("reports:list"), {"kind": "network_at_a_glance", "language": "en"}
            )
        response = client.get(response["Location"])
    assert response.status_code == 200
    report = ReportRequest.objects.get()
    assert report.status == ReportRequest.Status.FAILED
    assert "task queue is unavailable" in response.content.decode()


def test_a_report_that_fails_to_render_is_marked_failed_with_the_error(
    client_as, mu_staff, django_capture_on_commit_callbacks
):
    def broken(parameters):
        raise RuntimeError("the data could not be read")

    registry.register(
        ReportKind(
            code="broken_for_test",
            title="Broken",
            template="print/base.html",
            build_context=broken,
            may_request=lambda user: True,
        )
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = request_report(kind="broken_for_test", language="en", actor=mu_staff)
    finally:
        registry._kinds.pop("broken_for_test")
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.FAILED
    assert "the data could not be read" in report.error
    page = client_as("mu_staff").get(report.get_absolute_url())
    assert "could not be produced" in page.content.decode()
    assert (
        client_as("mu_staff")
        .get(reverse("reports:download", kwargs={"code": report.code}))
        .status_code
        == 404
    )


@pytest.mark.integration
def test_a_real_worker_renders_the_report_from_the_queue(celery_worker, mu_staff, tmp_path):
    StrategicPriority.objects.create(
        number=1,
        code="exchange",
        title_en="City-to-city exchange",
        title_ar="التبادل بين المدن",
    )
    report = request_report(kind="network_at_a_glance", language="ar", actor=mu_staff)
    # Queued, not rendered in this process: the worker picks it up.
    done = wait_for(
        lambda: ReportRequest.objects.filter(pk=report.pk, status__in=["done", "failed"]).first()
    )
    assert done.status == ReportRequest.Status.DONE, done.error
    with done.file.open("rb") as fh:
        text = pdf_text(fh.read(), tmp_path)
    assert "التبادل بين المدن" in text
