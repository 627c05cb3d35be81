"""Sign-in protection: rate limits, the second factor after a reset, no enumeration, logs.

Every request goes to the English pages, so the texts compared come from the pages and
from allauth's own message catalogue, never typed out here.
"""

import datetime
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from scn_portal.accounts.models import User
from scn_portal.accounts.signals import login_hash
from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-harbour-lantern-77"
WRONG_PASSWORD = "wrong-guess-Tr0ub4dor-3"
NEWCOMER = "new.official@casablanca.example.org"
STRANGER = "nobody@nowhere.example.org"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Failed sign-ins are counted in the cache: every test starts, and leaves, at zero."""
    cache.clear()
    yield
    cache.clear()


# --- Helpers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int
    per: str


def rates(action: str) -> dict[str, Rate]:
    """The rates in force for an allauth action, by what they count ("ip", "key").

    ``ACCOUNT_RATE_LIMITS`` from the settings where it names the action, else allauth's
    default; "10/m/ip,5/5m/key" reads as 10 per minute per IP and 5 per 5 minutes per address.
    """
    text = settings.ACCOUNT_RATE_LIMITS.get(action) or account_settings.RATE_LIMITS[action]
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    found = {}
    for part in text.split(","):
        amount, period, *per = part.strip().split("/")
        seconds = int(float(period[:-1] or 1) * units[period[-1]])
        found[(per or ["ip"])[0]] = Rate(int(amount), seconds, (per or ["ip"])[0])
    return found


def sign_in(client: Client, email: str, password: str, url: str | None = None):
    return client.post(url or reverse("account_login"), {"login": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("web:dashboard")).status_code == 200


def too_many_attempts() -> str:
    return escape(str(get_adapter().error_messages["too_many_login_attempts"]))


def wrong_credentials() -> str:
    return escape(str(get_adapter().error_messages["email_password_mismatch"]))


class VisibleText(HTMLParser):
    """The words a person reads on a page (no markup, scripts or hidden tokens)."""

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.words.extend(data.split())


def visible_text(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(parser.words)


def reset_link_prefix() -> str:
    sample = reverse("account_reset_password_from_key", kwargs={"uidb36": "U", "key": "K"})
    return sample[: sample.index("/U-K/") + 1]


def reset_links(message) -> list[str]:
    return re.findall(rf"https?://testserver({re.escape(reset_link_prefix())}\S+/)", message.body)


def totp_code(secret: str, *, offset: int = 0) -> str:
    counter = int(datetime.datetime.now(datetime.UTC).timestamp()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter + offset))


def wrong_totp_code(secret: str) -> str:
    window = range(-mfa_settings.TOTP_TOLERANCE - 1, mfa_settings.TOTP_TOLERANCE + 2)
    valid = {totp_code(secret, offset=offset) for offset in window}
    candidate = 0
    while format_hotp_value(candidate) in valid:
        candidate += 1
    return format_hotp_value(candidate)


# --- Rate limits on failed sign-ins -------------------------------------------------


def test_after_too_many_wrong_passwords_even_the_right_one_is_refused_until_the_limit_passes(
    official_of_rabat,
):
    per_address = rates("login_failed")["key"]
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        for attempt in range(per_address.amount):
            response = sign_in(client, official_of_rabat.email, WRONG_PASSWORD)
            assert response.status_code == 200, attempt
            assert wrong_credentials() in response.content.decode()
            assert too_many_attempts() not in response.content.decode()

        response = sign_in(client, official_of_rabat.email, PASSWORD)
        assert response.status_code == 200
        assert too_many_attempts() in response.content.decode()
        assert not is_signed_in(client)

        clock.shift(datetime.timedelta(seconds=per_address.seconds - 5))
        assert (
            too_many_attempts()
            in sign_in(client, official_of_rabat.email, PASSWORD).content.decode()
        )
        assert not is_signed_in(client)

        clock.shift(datetime.timedelta(seconds=6))
        response = sign_in(client, official_of_rabat.email, PASSWORD)
        assert response.status_code == 302
        assert response.url == reverse("web:dashboard")
        assert is_signed_in(client)


def test_the_lock_on_one_address_leaves_colleagues_on_the_same_network_free(
    official_of_rabat, mu_staff
):
    per_address = rates("login_failed")["key"]
    for _ in range(per_address.amount):
        sign_in(Client(), official_of_rabat.email, WRONG_PASSWORD)
    locked = sign_in(Client(), official_of_rabat.email, PASSWORD)
    assert too_many_attempts() in locked.content.decode()

    colleague = Client()
    response = sign_in(colleague, mu_staff.email, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(colleague)


def test_a_stranger_guessing_a_password_does_not_lock_the_owner_out(official_of_rabat):
    """The limit per account counts per account and client address: the guesser is slowed
    down, the owner signing in from their own address is not."""
    per_account = rates("login_failed")["key"]
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(per_account.amount + 3):
        sign_in(stranger, official_of_rabat.email, WRONG_PASSWORD)
    assert (
        too_many_attempts() in sign_in(stranger, official_of_rabat.email, PASSWORD).content.decode()
    )

    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = sign_in(owner, official_of_rabat.email, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(owner)


def test_behind_the_reverse_proxy_the_limits_count_each_client_not_the_proxy(
    settings, official_of_rabat, mu_staff
):
    """Every request reaches the portal from the proxy's address; with TRUSTED_PROXY_COUNT
    set, the limits key on the client's address from X-Forwarded-For, as the audit does."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    per_ip = rates("login_failed")["ip"]
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.99")
    for attempt in range(per_ip.amount + 2):
        sign_in(attacker, f"guess{attempt}@example.org", WRONG_PASSWORD)
    assert too_many_attempts() in sign_in(attacker, mu_staff.email, PASSWORD).content.decode()

    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.30")
    assert sign_in(colleague, mu_staff.email, PASSWORD).status_code == 302
    # A client cannot choose its address by sending the header itself: the proxy's hop counts.
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.31, 192.0.2.99")
    assert too_many_attempts() in sign_in(forged, mu_staff.email, PASSWORD).content.decode()


def test_too_many_failures_from_one_network_address_lock_it_out_for_every_account(
    official_of_rabat, mu_staff
):
    per_ip = rates("login_failed")["ip"]
    attacker = Client(REMOTE_ADDR="192.0.2.10")
    for attempt in range(per_ip.amount):
        response = sign_in(attacker, f"guess{attempt}@example.org", WRONG_PASSWORD)
        assert too_many_attempts() not in response.content.decode(), attempt

    response = sign_in(attacker, mu_staff.email, PASSWORD)
    assert too_many_attempts() in response.content.decode()
    assert not is_signed_in(attacker)

    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(elsewhere, mu_staff.email, PASSWORD).status_code == 302
    assert is_signed_in(elsewhere)


def test_a_flood_of_sign_in_attempts_is_answered_with_too_many_requests(official_of_rabat):
    per_ip = rates("login")["ip"]
    client = Client(REMOTE_ADDR="192.0.2.11")
    for attempt in range(per_ip.amount):
        response = sign_in(client, f"guess{attempt}@example.org", WRONG_PASSWORD)
        assert response.status_code == 200, attempt

    response = sign_in(client, official_of_rabat.email, PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_the_admin_sign_in_door_leads_to_the_same_protected_sign_in(mu_staff):
    # The admin's own login URL is the portal's door, which only sends people on.
    assert reverse("admin:login") == reverse("admin_login")
    client = Client()
    door = client.get(reverse("admin:login") + "?next=" + reverse("admin:index"))
    assert door.status_code == 302
    assert urlsplit(door.url).path == reverse("account_login")

    per_address = rates("login_failed")["key"]
    for _ in range(per_address.amount):
        response = sign_in(client, mu_staff.email, WRONG_PASSWORD, url=door.url)
        assert wrong_credentials() in response.content.decode()

    response = sign_in(client, mu_staff.email, PASSWORD, url=door.url)
    assert too_many_attempts() in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302

    elsewhere = sign_in(Client(), mu_staff.email, PASSWORD)
    assert too_many_attempts() in elsewhere.content.decode()


def test_posting_a_password_to_the_admin_sign_in_address_signs_nobody_in(mu_staff):
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": mu_staff.email, "password": PASSWORD, "this_is_the_login_form": "1"},
    )
    # Refused outright, or sent on to the portal's sign-in: never signed in from here.
    assert response.status_code == 405 or urlsplit(response.url).path == reverse("account_login")
    assert not is_signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


# --- Rate limits live in the shared cache -------------------------------------------


def redis_or_skip():
    backend = settings.CACHES["default"]["BACKEND"]
    if backend != "scn_portal.redis_cache.RedisCache":
        message = f"the cache is {backend}, not Redis: set REDIS_URL=redis://… to check it"
        if os.environ.get("SCN_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    import redis

    return redis.Redis.from_url(settings.REDIS_URL)


def test_failed_sign_ins_are_counted_in_redis_where_every_web_process_sees_them(
    official_of_rabat,
):
    server = redis_or_skip()
    for _ in range(2):
        sign_in(Client(), official_of_rabat.email, WRONG_PASSWORD)

    keys = [key.decode() for key in server.keys("*login_failed*")]
    # The per-account limit counts per account and client address.
    address_hash = hashlib.sha256(
        f"testserver:{official_of_rabat.email}:127.0.0.1".encode()
    ).hexdigest()
    per_address = [key for key in keys if key.endswith(address_hash)]
    per_ip = [key for key in keys if key.endswith(":ip:127.0.0.1")]
    assert per_address and per_ip, keys
    assert all(official_of_rabat.email not in key for key in keys)
    limit = rates("login_failed")["key"].seconds
    assert 0 < server.ttl(per_address[0]) <= limit


# --- A password reset never skips the second factor ---------------------------------


def reset_password(email: str, new_password: str) -> Client:
    """Ask for a reset, follow the emailed link, choose a new password (in a fresh browser)."""
    browser = Client()
    response = browser.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    links = [
        link for message in mail.outbox if email in message.to for link in reset_links(message)
    ]
    assert len(links) == 1, [m.body for m in mail.outbox]
    response = browser.get(links[0])
    assert response.status_code == 302
    response = browser.post(response.url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")
    return browser


def test_a_password_reset_never_signs_anyone_in_nor_skips_the_second_factor(isc_member):
    secret = generate_totp_secret()
    TOTP.activate(isc_member, secret)

    browser = reset_password(isc_member.email, NEW_PASSWORD)
    dashboard = browser.get(reverse("web:dashboard"))
    assert dashboard.status_code == 302
    assert urlsplit(dashboard.url).path == reverse("account_login")

    response = sign_in(browser, isc_member.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert not is_signed_in(browser)

    response = browser.post(reverse("mfa_authenticate"), {"code": wrong_totp_code(secret)})
    assert response.status_code == 200
    assert not is_signed_in(browser)

    response = browser.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("web:dashboard")
    assert is_signed_in(browser)


def test_after_a_reset_the_old_password_no_longer_opens_the_account(isc_member):
    TOTP.activate(isc_member, generate_totp_secret())
    reset_password(isc_member.email, NEW_PASSWORD)

    client = Client()
    response = sign_in(client, isc_member.email, PASSWORD)
    assert response.status_code == 200
    assert wrong_credentials() in response.content.decode()
    assert not is_signed_in(client)


def test_a_recovery_code_stands_in_for_a_lost_phone_once_only(mu_staff):
    TOTP.activate(mu_staff, generate_totp_secret())
    code = RecoveryCodes.activate(mu_staff).get_unused_codes()[0]

    browser = Client()
    assert sign_in(browser, mu_staff.email, PASSWORD).url == reverse("mfa_authenticate")
    response = browser.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert is_signed_in(browser)

    again = Client()
    assert sign_in(again, mu_staff.email, PASSWORD).url == reverse("mfa_authenticate")
    response = again.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # the used code is refused: the form again
    assert not is_signed_in(again)


# --- Nothing tells whether an address has an account --------------------------------


def test_a_reset_for_a_known_and_an_unknown_address_looks_the_same(official_of_rabat):
    known, unknown = Client(), Client()
    for_known = known.post(reverse("account_reset_password"), {"email": official_of_rabat.email})
    for_unknown = unknown.post(reverse("account_reset_password"), {"email": STRANGER})

    assert for_known.status_code == for_unknown.status_code == 302
    assert for_known.url == for_unknown.url == reverse("account_reset_password_done")
    assert visible_text(known.get(for_known.url)) == visible_text(unknown.get(for_unknown.url))


def test_only_a_known_address_receives_a_reset_link(official_of_rabat):
    Client().post(reverse("account_reset_password"), {"email": official_of_rabat.email})
    Client().post(reverse("account_reset_password"), {"email": STRANGER})

    to_owner = [m for m in mail.outbox if m.to == [official_of_rabat.email]]
    to_stranger = [m for m in mail.outbox if m.to == [STRANGER]]
    assert len(to_owner) == 1 and len(reset_links(to_owner[0])) == 1
    assert all(reset_links(message) == [] for message in to_stranger)
    assert all(reset_link_prefix() not in message.body for message in to_stranger)


def test_a_stranger_who_asks_for_a_reset_is_told_they_may_sign_up(db):
    Client().post(reverse("account_reset_password"), {"email": STRANGER})

    assert [m.to for m in mail.outbox] == [[STRANGER]]
    subject = render_to_string("account/email/unknown_account_subject.txt").strip()
    assert subject in mail.outbox[0].subject
    assert f"testserver{reverse('account_signup')}" in mail.outbox[0].body


def test_signing_up_with_a_registered_address_answers_like_a_new_sign_up(official_of_rabat):
    fields = {"full_name": "Karim Idrissi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    newcomer, impostor = Client(), Client()
    for_new = newcomer.post(reverse("account_signup"), {"email": NEWCOMER, **fields})
    for_taken = impostor.post(
        reverse("account_signup"), {"email": official_of_rabat.email, **fields}
    )

    assert for_new.status_code == for_taken.status_code == 302
    assert for_new.url == for_taken.url == reverse("account_email_verification_sent")
    # Each page names the address it was given; apart from that they are the same.
    new_page = visible_text(newcomer.get(for_new.url)).replace(NEWCOMER, "…")
    taken_page = visible_text(impostor.get(for_taken.url)).replace(official_of_rabat.email, "…")
    assert new_page == taken_page


def test_signing_up_with_a_registered_address_creates_nobody_and_warns_the_owner(
    official_of_rabat,
):
    before = set(User.objects.values_list("pk", flat=True))
    Client().post(
        reverse("account_signup"),
        {
            "full_name": "Karim Idrissi",
            "email": official_of_rabat.email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert set(User.objects.values_list("pk", flat=True)) == before
    assert User.objects.filter(email__iexact=official_of_rabat.email).count() == 1
    assert [m.to for m in mail.outbox] == [[official_of_rabat.email]]
    message = mail.outbox[0]
    subject = render_to_string("account/email/account_already_exists_subject.txt").strip()
    assert subject in message.subject
    assert f"testserver{reverse('account_reset_password')}" in message.body
    assert "/confirm-email/" not in message.body
    official_of_rabat.refresh_from_db()
    assert official_of_rabat.check_password(PASSWORD)


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(official_of_rabat):
    known = sign_in(Client(), official_of_rabat.email, WRONG_PASSWORD)
    unknown = sign_in(Client(), STRANGER, WRONG_PASSWORD)

    assert known.status_code == unknown.status_code == 200
    assert wrong_credentials() in known.content.decode()
    assert visible_text(known) == visible_text(unknown)


# --- Failed sign-ins in the security log --------------------------------------------


def everything_logged(records) -> str:
    """Each record's message, arguments and attributes: all a log handler could write."""
    return "\n".join(
        f"{record.getMessage()} {record.args!r} {vars(record)!r}" for record in records
    )


@pytest.mark.parametrize("known", [True, False], ids=["known address", "unknown address"])
def test_a_failed_sign_in_is_logged_with_the_address_and_never_the_password(
    official_of_rabat, caplog, known
):
    email = official_of_rabat.email if known else STRANGER
    with caplog.at_level(logging.DEBUG):
        sign_in(Client(), email, WRONG_PASSWORD)

    security = [r for r in caplog.records if r.name == "scn_portal.security"]
    failed = [r for r in security if "sign-in failed" in r.getMessage()]
    assert len(failed) == 1
    assert failed[0].levelno == logging.WARNING
    # The identifier typed is written as a keyed hash, never as text (it may be a password
    # typed in the wrong box, or a stranger's address).
    assert login_hash(email) in failed[0].getMessage() and "127.0.0.1" in failed[0].getMessage()
    assert email not in everything_logged(caplog.records)
    assert WRONG_PASSWORD not in everything_logged(caplog.records)


def test_a_password_typed_into_the_address_box_is_never_logged(caplog, db):
    with caplog.at_level(logging.DEBUG):
        sign_in(Client(), "MySecretPassw0rd!", WRONG_PASSWORD)

    assert "MySecretPassw0rd" not in everything_logged(caplog.records)


def test_sign_ins_refused_by_the_rate_limit_are_logged_too_without_the_password(
    official_of_rabat, caplog
):
    per_address = rates("login_failed")["key"]
    for _ in range(per_address.amount):
        sign_in(Client(), official_of_rabat.email, WRONG_PASSWORD)

    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        response = sign_in(Client(), official_of_rabat.email, PASSWORD)
    assert too_many_attempts() in response.content.decode()

    security = [r for r in caplog.records if r.name == "scn_portal.security"]
    refused = [r for r in security if "sign-in refused" in r.getMessage()]
    assert len(refused) == 1, [r.getMessage() for r in security]
    assert refused[0].levelno == logging.WARNING
    assert login_hash(official_of_rabat.email) in refused[0].getMessage()
    assert PASSWORD not in everything_logged(caplog.records)


def test_the_shared_cache_keeps_one_client_per_server_and_still_reaches_redis():
    """Every cache call goes through one client per server (Django builds one per call);
    what one call writes, the next reads, and another process reading Redis sees it."""
    from django.core.cache import cache

    server = redis_or_skip()
    client = cache._cache
    assert client.get_client() is client.get_client(write=True)
    cache.set("one-client-check", 41, 30)
    assert cache.incr("one-client-check") == 42
    assert cache.get_many(["one-client-check"]) == {"one-client-check": 42}
    assert any(b"one-client-check" in key for key in server.keys("*one-client-check*"))
    cache.delete("one-client-check")
    assert cache.get("one-client-check") is None
