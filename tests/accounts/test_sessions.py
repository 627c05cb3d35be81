"""Sessions: a new key at sign-in, idle and absolute limits, sign-out, deactivation."""

import datetime
import logging

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from scn_portal.accounts.signals import login_hash
from tests.factories import PASSWORD

DASHBOARD = "/en/dashboard/"


def sign_in(client: Client, user) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def is_signed_in(client: Client) -> bool:
    return client.get(DASHBOARD).status_code == 200


@pytest.fixture
def official(official_of_rabat):
    return official_of_rabat


def test_sign_in_gives_a_new_session_key(client, official):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, official)
    assert client.session.session_key != before
    assert is_signed_in(client)


def test_an_idle_session_ends(client, official, settings):
    settings.SESSION_IDLE_TIMEOUT = 2 * 3600
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)) as clock:
        sign_in(client, official)
        assert is_signed_in(client)
        clock.shift(datetime.timedelta(hours=1, minutes=59))
        assert is_signed_in(client)
        clock.shift(datetime.timedelta(hours=2, minutes=1))
        response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_active_session_still_ends_after_its_absolute_lifetime(client, official, settings):
    settings.SESSION_IDLE_TIMEOUT = 2 * 3600
    settings.SESSION_COOKIE_AGE = 12 * 3600
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)) as clock:
        sign_in(client, official)
        for _ in range(23):  # a request every 30 minutes for 11.5 hours
            clock.shift(datetime.timedelta(minutes=30))
            assert is_signed_in(client)
        clock.shift(datetime.timedelta(minutes=31))
        assert not is_signed_in(client)


def test_sign_out_ends_the_session(official):
    client = Client()
    sign_in(client, official)
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    assert not is_signed_in(replay)


def test_deactivating_a_user_ends_all_their_sessions_at_once(client_as, official):
    phone, laptop = Client(), Client()
    sign_in(phone, official)
    sign_in(laptop, official)
    assert is_signed_in(phone) and is_signed_in(laptop)

    staff = client_as("superuser")
    url = reverse("admin:accounts_user_changelist")
    response = staff.post(
        url, {"action": "deactivate_and_sign_out", "_selected_action": [official.pk]}
    )
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.is_active is False
    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)


def test_an_official_cannot_deactivate_anyone(client_as, official, mu_staff):
    client = client_as("official_of_rabat")
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate_and_sign_out", "_selected_action": [mu_staff.pk]},
    )
    mu_staff.refresh_from_db()
    assert mu_staff.is_active


def test_sign_ins_are_logged_without_the_password(client, official, caplog):
    with caplog.at_level(logging.INFO, logger="scn_portal.security"):
        client.post(
            reverse("account_login"), {"login": official.email, "password": "wrong-secret-42"}
        )
        sign_in(client, official)
    text = caplog.text
    assert "sign-in failed" in text and login_hash(official.email) in text
    assert official.email not in text
    assert f"sign-in succeeded: user_id={official.pk}" in text
    assert "wrong-secret-42" not in text and PASSWORD not in text
