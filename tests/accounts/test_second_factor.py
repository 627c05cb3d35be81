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


def test_every_private_isc_page_is_a_real_url():
    from django.urls import get_resolver

    from scn_portal.accounts.middleware import IscRequiresMFAMiddleware

    names = set()
    for ns, (_prefix, resolver) in get_resolver().namespace_dict.items():
        names |= {f"{ns}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    assert IscRequiresMFAMiddleware.ISC_PRIVATE_PAGES <= names


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
