"""A colleague invited by email who has no account yet: the invitation's link leads through
sign-up and email confirmation back to the request to act for the city, city chosen."""

import re
from html import unescape
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.models import ActingClaim
from tests.factories import PASSWORD

NEWCOMER = "deputy.mayor@rabat.example.org"


def test_an_invited_newcomer_signs_up_and_lands_on_the_request_for_the_city(rabat):
    with translation.override("en"):
        claim_url = reverse("members:claim") + f"?city={rabat.code}"
        signup = reverse("account_signup")
    browser = Client()

    # The link from the invitation email, followed by someone without an account.
    to_sign_in = browser.get(claim_url)
    assert to_sign_in.status_code == 302
    sign_in_page = browser.get(to_sign_in.url).content.decode()
    # The page's own "sign up" link keeps where the person was going (the header's does not).
    [signup_link] = {
        unescape(href)
        for href in re.findall(r'href="([^"]+)"', sign_in_page)
        if urlsplit(unescape(href)).path == signup and "next=" in href
    }

    signed_up = browser.post(
        signup_link,
        {
            "full_name": "Youssef Amrani",
            "email": NEWCOMER,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert signed_up.status_code == 302
    confirm = re.search(r"https?://testserver(/\S+/confirm-email/\S+/)", mail.outbox[-1].body)[1]
    confirmed = browser.post(confirm)

    assert confirmed.status_code == 302
    assert confirmed.url == claim_url
    page = browser.get(confirmed.url)
    assert page.status_code == 200
    assert page.context["form"].initial["city"] == rabat.code  # the city is chosen already
    assert not ActingClaim.objects.exists()  # nothing is asked until they send the form
