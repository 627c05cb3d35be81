"""Private answers are never cached; every link of the "not found" page stays on this site."""

import re

import pytest
from django.urls import reverse

from governance.ics import feed_token

pytestmark = pytest.mark.django_db


def language_links(response) -> list[str]:
    html = response.content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    return re.findall(r'href="([^"]*)"', switcher)


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/steal",
        "/\\evil.example/steal",
        "/en//evil.example/steal",
        "/%2F%2Fevil.example/",
        "/en/no-such-page/?next=//evil.example",
    ],
)
def test_the_language_links_of_the_not_found_page_stay_on_this_site(client, path):
    response = client.get(path)

    assert response.status_code == 404
    links = language_links(response)
    assert len(links) == 4
    for link in links:
        assert link.startswith("/") and not link.startswith(("//", "/\\")), link
        assert "\\" not in link


def test_the_language_links_of_a_page_lead_to_the_same_page_in_each_language(client):
    links = language_links(client.get("/en/cities/"))
    assert links == ["/en/cities/", "/ar/cities/", "/fr/cities/", "/es/cities/"]


def test_the_language_links_of_a_signed_in_page_keep_its_arguments_and_query(client_as, rabat):
    import html

    from django.urls import translate_url

    official, staff = client_as("official_of_rabat"), client_as("mu_staff")
    for client, path in (
        (official, reverse("members:city_portal", kwargs={"code": rabat.code})),
        (official, reverse("members:claim") + "?q=Rab%C3%A2t&page=2"),
        (staff, reverse("workqueue:queue")),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert [html.unescape(link) for link in language_links(response)] == [
            translate_url(path, code) for code in ("en", "ar", "fr", "es")
        ], path
        assert language_links(response)[1].startswith("/ar/")


def test_a_public_page_may_be_cached_but_a_signed_in_page_may_not(client, client_as):
    public = client.get(reverse("members:directory"))
    signed_in = client_as("official_of_rabat").get(reverse("members:directory"))

    assert "no-store" not in public.get("Cache-Control", "")
    assert {"private", "no-store"} <= {
        part.strip() for part in signed_in["Cache-Control"].split(",")
    }


def test_a_private_download_is_never_cached(client_as, rabat, official_of_rabat):
    from django.core.files.base import ContentFile

    from scn_portal.reports.models import ReportRequest
    from tests import factories

    report = ReportRequest.objects.create(
        kind="membership_certificate",
        language="en",
        requested_by=official_of_rabat,
        status=ReportRequest.Status.DONE,
    )
    report.file.save("c.pdf", ContentFile(factories.PDF_BYTES))
    response = client_as("official_of_rabat").get(
        reverse("reports:download", kwargs={"code": report.code})
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_personal_calendar_feed_is_never_cached_though_opened_without_signing_in(
    client, isc_member
):
    response = client.get(
        reverse("governance:meeting_feed", kwargs={"token": feed_token(isc_member)})
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_every_answer_turns_off_the_browser_features_the_portal_never_uses(client):
    for url in ("/en/", "/en/no-such-page/", reverse("account_login")):
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy
