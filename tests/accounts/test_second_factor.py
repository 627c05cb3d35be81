"""In production, ISC members need a second factor before the ISC's papers and drafts."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse


def test_an_isc_member_without_a_second_factor_is_sent_to_set_one_up(client_as, settings):
    settings.ISC_REQUIRES_MFA = True
    response = client_as("isc_member").get(reverse("governance:meeting_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_with_an_authenticator_the_isc_member_reads_the_papers(client_as, settings, isc_member):
    settings.ISC_REQUIRES_MFA = True
    TOTP.activate(isc_member, generate_totp_secret())
    assert client_as("isc_member").get(reverse("governance:meeting_list")).status_code == 200


def test_public_isc_pages_need_no_second_factor(client_as, settings):
    settings.ISC_REQUIRES_MFA = True
    client = client_as("isc_member")
    assert client.get(reverse("governance:isc_members")).status_code == 200
    assert client.get(reverse("governance:minutes_list")).status_code == 200


def test_staff_pages_outside_the_admin_need_the_second_factor(
    client_as, settings, mu_staff, official_of_rabat
):
    """Personal data, the ISC composition, the expert search and reports opened with a
    password alone; they are behind the same gate as the admin now."""
    settings.ADMIN_REQUIRES_MFA = True
    client = client_as("mu_staff")
    pages = [
        reverse("web:personal_data_export", kwargs={"code": official_of_rabat.person.code}),
        reverse("governance:composition"),
        reverse("governance:expert_search"),
        reverse("reports:list"),
    ]
    for page in pages:
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, reverse("mfa_index"))
    TOTP.activate(mu_staff, generate_totp_secret())
    assert all(client.get(page).status_code == 200 for page in pages[1:])


def test_replacing_a_calendar_link_needs_the_second_factor_of_its_holder(
    client_as, settings, isc_member
):
    from governance.models import CalendarFeedKey

    settings.ISC_REQUIRES_MFA = True
    client = client_as("isc_member")
    before = CalendarFeedKey.objects.count()

    response = client.post(reverse("governance:replace_calendar_link"))

    assert (response.status_code, response["Location"]) == (302, reverse("mfa_index"))
    assert CalendarFeedKey.objects.count() == before


def test_officials_are_not_asked_for_a_second_factor_on_pages_that_are_not_theirs(
    client_as, settings
):
    settings.ADMIN_REQUIRES_MFA = settings.ISC_REQUIRES_MFA = True
    client = client_as("official_of_rabat")
    assert client.get(reverse("governance:meeting_list")).status_code == 404
    assert client.get(reverse("governance:composition")).status_code == 404


def test_draft_minutes_under_review_need_the_second_factor_too(client_as, settings, isc_member):
    from tests import factories

    settings.ISC_REQUIRES_MFA = True
    draft = factories.make_minutes(status="circulated")
    published = factories.make_minutes(status="published")
    client = client_as("isc_member")
    url = reverse("governance:minutes_detail", kwargs={"code": draft.code})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")
    public = reverse("governance:minutes_detail", kwargs={"code": published.code})
    assert client.get(public).status_code == 200
    TOTP.activate(isc_member, generate_totp_secret())
    assert client.get(url).status_code == 200
