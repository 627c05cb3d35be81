"""The membership certificate: who may ask for it, and what the bilingual PDF says."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import formats, timezone, translation

from members.models import Certificate, Commitment, Membership, PrincipleVersion
from members.reports import CERTIFICATE, certificate_languages
from scn_portal.reports.forms import ReportRequestForm
from scn_portal.reports.models import ReportRequest
from tests import factories
from tests.reports.test_network_at_a_glance import download, pdf_text


def english_date(day: datetime.date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


ENGLISH_SENTENCE = (
    "The Strong Cities Network certifies that Rabat has been a member of the Strong Cities "
    "Network since {joined}."
)


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _signatory(db):
    factories.make_certificate_settings()


@pytest.fixture
def rabat_in_arabic(rabat):
    """Rabat works in Arabic and French, and committed to the principles of 2023."""
    rabat.name_ar = "الرباط"
    rabat.languages = ["ar", "fr"]
    rabat.save(update_fields=["name_ar", "languages"])
    version = PrincipleVersion.objects.create(label="2023", effective_on="2023-01-01")
    Commitment.objects.create(
        local_government=rabat,
        version=version,
        signatory_name="Mayor of Rabat",
        signatory_title="Mayor",
        signatory_role=Commitment.SignatoryRole.MAYOR,
        signed_on=datetime.date(2023, 2, 1),
    )
    return rabat


def certificate_url(city, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("members:certificate", kwargs={"code": city.code})


def flat(text: str) -> str:
    return " ".join(text.split())


def test_an_official_of_the_city_gets_a_bilingual_certificate(
    client_as, rabat_in_arabic, tmp_path, django_capture_on_commit_callbacks
):
    client = client_as("official_of_rabat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(certificate_url(rabat_in_arabic))
    report = ReportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.kind == CERTIFICATE
    certificate = Certificate.objects.get()
    assert report.parameters == {
        "city": str(rabat_in_arabic.code),
        "certificate": certificate.number,
    }
    assert report.status == ReportRequest.Status.DONE, report.error
    assert client.get(report.get_absolute_url()).status_code == 200
    text = flat(pdf_text(download(client, report), tmp_path))
    assert "الرباط" in text  # the Arabic part names the city in Arabic
    # The network's name from the Arabic catalogue (pdftotext may split Arabic words).
    assert "شبكةالمدنالقوية" in text.replace(" ", "")
    assert ENGLISH_SENTENCE.format(joined=english_date(datetime.date(2020, 1, 1))) in text
    assert "Committed to the guiding principles, version 2023." in text
    assert f"Issued on {english_date(timezone.localdate())}." in text


def test_the_arabic_part_is_right_to_left(rabat_in_arabic, official_of_rabat):
    from django.template.loader import render_to_string

    from members.reports import certificate_context
    from members.services.certificates import issue_certificate

    certificate = issue_certificate(city=rabat_in_arabic, language="ar", actor=official_of_rabat)
    with translation.override("en"):
        context = certificate_context({"certificate": certificate.number})
        html = render_to_string("print/membership_certificate.html", context)
    assert [part["language"] for part in context["parts"]] == ["ar", "en"]
    assert 'lang="ar" dir="rtl"' in html
    assert 'lang="en" dir="ltr"' in html
    assert html.index('lang="ar"') < html.index('lang="en" dir="ltr"')


def test_a_french_speaking_city_gets_french_and_english(
    client_as, oslo, official_of_other_city, tmp_path, django_capture_on_commit_callbacks
):
    oslo.languages = ["no", "fr"]
    oslo.name_fr = "Oslo (ville)"
    oslo.save(update_fields=["languages", "name_fr"])
    client = client_as("official_of_other_city")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(certificate_url(oslo))
    text = flat(pdf_text(download(client, ReportRequest.objects.get()), tmp_path))
    assert "Oslo (ville)" in text
    assert "1 janvier 2020" in text  # the French part dates in French
    assert f"since {english_date(datetime.date(2020, 1, 1))}." in text


@pytest.mark.parametrize(
    ("languages", "requested", "expected"),
    [
        (["ar", "fr"], "en", ["ar", "en"]),
        (["EN", "es"], "fr", ["es", "en"]),
        (["pt"], "fr", ["fr", "en"]),
        ([], "en", ["en"]),
        ([], "xx", ["en"]),
    ],
)
def test_the_certificate_is_in_the_citys_language_and_english(
    rabat, languages, requested, expected
):
    rabat.languages = languages
    assert certificate_languages(rabat, requested) == expected


def test_an_official_of_another_city_gets_404(client_as, rabat_in_arabic):
    response = client_as("official_of_other_city").post(certificate_url(rabat_in_arabic))
    assert response.status_code == 404
    assert not ReportRequest.objects.exists()


@pytest.mark.parametrize("persona", ["hub_staff_mena", "isc_member", "expert"])
def test_people_who_do_not_act_for_the_city_get_404(client_as, rabat_in_arabic, persona):
    assert client_as(persona).post(certificate_url(rabat_in_arabic)).status_code == 404
    assert not ReportRequest.objects.exists()


def test_an_inactive_official_gets_404(client_as, rabat_in_arabic, official_of_rabat):
    official_of_rabat.person.officials.update(is_active=False)
    assert client_as("official_of_rabat").post(certificate_url(rabat_in_arabic)).status_code == 404


def test_anonymous_is_sent_to_sign_in_and_get_is_refused(client, client_as, rabat_in_arabic):
    response = client.post(certificate_url(rabat_in_arabic))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client_as("official_of_rabat").get(certificate_url(rabat_in_arabic)).status_code == 405
    assert not ReportRequest.objects.exists()


def test_management_unit_staff_may_request_any_members_certificate(
    client_as, rabat_in_arabic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("mu_staff").post(certificate_url(rabat_in_arabic, "fr"))
    report = ReportRequest.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert report.language == "fr"
    assert report.status == ReportRequest.Status.DONE, report.error


@pytest.mark.parametrize(
    "status",
    [Membership.Status.APPLICANT, Membership.Status.SUSPENDED, Membership.Status.REJECTED],
)
def test_a_city_that_is_not_a_member_gets_no_certificate(
    client_as, rabat_in_arabic, official_of_rabat, status
):
    Membership.objects.filter(local_government=rabat_in_arabic).update(status=status)
    client = client_as("official_of_rabat")
    response = client.post(certificate_url(rabat_in_arabic))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")
    assert not ReportRequest.objects.exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "A membership certificate is issued only to members of the network, and Rabat is "
        "not a member."
    ]


def test_an_unlisted_member_still_gets_its_certificate(
    client_as, rabat_in_arabic, official_of_rabat, django_capture_on_commit_callbacks
):
    rabat_in_arabic.publicly_listed = False
    rabat_in_arabic.save(update_fields=["publicly_listed"])
    with django_capture_on_commit_callbacks(execute=True):
        client_as("official_of_rabat").post(certificate_url(rabat_in_arabic))
    assert ReportRequest.objects.get().status == ReportRequest.Status.DONE


def test_a_city_that_stops_being_a_member_before_rendering_gets_a_failed_report(
    client_as, rabat_in_arabic, official_of_rabat, django_capture_on_commit_callbacks
):
    client = client_as("official_of_rabat")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(certificate_url(rabat_in_arabic))
    Membership.objects.filter(local_government=rabat_in_arabic).update(
        status=Membership.Status.SUSPENDED
    )
    for callback in callbacks:
        callback()
    report = ReportRequest.objects.get()
    assert report.status == ReportRequest.Status.FAILED
    assert "not a member" in report.error


def test_the_profile_offers_the_certificate_to_the_citys_officials_only(
    client_as, rabat_in_arabic, official_of_rabat, official_of_other_city
):
    profile = reverse("members:city", kwargs={"code": rabat_in_arabic.code})
    assert (
        certificate_url(rabat_in_arabic)
        in client_as("official_of_rabat").get(profile).content.decode()
    )
    assert (
        certificate_url(rabat_in_arabic)
        not in client_as("official_of_other_city").get(profile).content.decode()
    )


def test_the_generic_report_form_does_not_offer_the_certificate(
    client_as, mu_staff, official_of_rabat
):
    # It needs a city, which only the city's certificate button gives.
    assert CERTIFICATE not in dict(ReportRequestForm(user=mu_staff).fields["kind"].choices)
    assert client_as("official_of_rabat").get(reverse("reports:list")).status_code == 404


def test_certificate_requests_are_limited_per_person(client_as, rabat_in_arabic, settings):
    """Each certificate costs a worker seconds of rendering: ten an hour per person."""
    settings.REPORTS_PER_PERSON_PER_HOUR = 3
    client = client_as("official_of_rabat")
    url = reverse("members:certificate", kwargs={"code": rabat_in_arabic.code})
    for _ in range(3):
        assert client.post(url).status_code == 302

    response = client.post(url, follow=True)

    assert ReportRequest.objects.count() == 3
    assert "the most one person may ask for" in response.content.decode()


def test_report_requests_of_staff_are_limited_too(client_as, settings, mu_staff):
    settings.REPORTS_PER_PERSON_PER_HOUR = 1
    client = client_as("mu_staff")
    data = {"kind": "network_at_a_glance", "language": "en"}
    assert client.post(reverse("reports:list"), data).status_code == 302

    response = client.post(reverse("reports:list"), data)

    assert response.status_code == 200
    assert "the most one person may ask for" in response.content.decode()
    assert ReportRequest.objects.filter(requested_by=mu_staff).count() == 1
