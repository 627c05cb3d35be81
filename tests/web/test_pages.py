"""The portal's shared pages as people meet them: languages, navigation by role, the
admin's door, sign-up and sign-out, error pages and the cost of the busiest pages."""

import datetime
import re
import secrets
import string
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.models import GuidingPrinciple, PrincipleVersion, StrategicPriority
from scn_portal.accounts.models import User
from tests import factories
from tests.conftest import PERSONAS

LANGUAGES = ["en", "ar", "fr", "es"]
SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
PUBLIC_PAGES = ["web:home", "account_login", "account_signup", "account_reset_password"]
SEES_ADMINISTRATION = ["mu_staff", "superuser", "hub_staff_mena"]
NO_ADMINISTRATION = ["official_of_rabat", "isc_member", "expert"]
SEES_REPORTS = ["mu_staff", "superuser"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts sign-ups and failed logins per IP in the cache; start each test at zero."""
    cache.clear()
    yield
    cache.clear()


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def text(name: str, lang: str) -> str:
    with translation.override(lang):
        return translation.gettext(name)


class Page(HTMLParser):
    """What a person sees in a page: the <html> attributes, the links, the forms' fields."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str] = {}
        self.links: list[dict] = []  # {"href", "text", "within": [classes of ancestors]}
        self.inputs: list[dict] = []
        self._stack: list[tuple[str, str]] = []
        self._open_links: list[dict] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = {k: v or "" for k, v in attrs.items()}
        if tag == "input":
            self.inputs.append(attrs)
        if tag == "a":
            link = {
                "href": attrs.get("href"),
                "text": "",
                "within": [cls for _tag, cls in self._stack],
            }
            self.links.append(link)
            self._open_links.append(link)
        if tag not in self.VOID:
            self._stack.append((tag, attrs.get("class") or ""))

    def handle_endtag(self, tag):
        if tag == "a" and self._open_links:
            self._open_links.pop()
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        for link in self._open_links:
            link["text"] += data

    def links_in(self, css_class: str) -> list[dict]:
        return [
            link
            for link in self.links
            if any(css_class in classes.split() for classes in link["within"])
        ]

    def hrefs_in(self, css_class: str) -> set[str]:
        return {link["href"] for link in self.links_in(css_class)}

    def csrf_token(self) -> str:
        return next(i["value"] for i in self.inputs if i.get("name") == "csrfmiddlewaretoken")


def page(response) -> Page:
    return Page(response.content.decode())


# --- Public pages and languages ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_open_to_anyone_in_each_language_with_its_direction(client, name, lang):
    response = client.get(url(name, lang))

    assert response.status_code == 200
    html = page(response).html_attrs
    assert html["lang"] == lang
    assert html["dir"] == ("rtl" if lang == "ar" else "ltr")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["web:home", "account_login", "account_signup"])
def test_language_switcher_links_to_the_same_page_in_every_language(client, name):
    response = client.get(url(name, "fr"))

    switcher = page(response).hrefs_in("language-switcher")
    assert switcher == {url(name, lang) for lang in LANGUAGES}


@pytest.mark.django_db
def test_the_bare_root_sends_people_to_a_language_prefixed_home(client):
    assert client.get("/").url == url("web:home", "en")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").url == url("web:home", "fr")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5").url == url("web:home", "ar")


# --- Dashboard and navigation by role --------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_signed_in_persona_has_a_dashboard_in_every_language(client_as, persona, lang):
    response = client_as(persona).get(url("web:dashboard", lang))

    assert response.status_code == 200
    assert page(response).html_attrs == {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr"}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_dashboard_sends_anonymous_visitors_to_sign_in(client, lang):
    dashboard = url("web:dashboard", lang)

    response = client.get(dashboard)

    assert response.status_code == 302
    assert response.url == f"{url('account_login', lang)}?next={dashboard}"


def main_nav(client: Client, lang: str = "en") -> set[str]:
    return page(client.get(url("web:dashboard", lang))).hrefs_in("main-nav")


@pytest.mark.parametrize("persona", SEES_ADMINISTRATION)
def test_staff_navigation_links_to_the_administration(client_as, persona):
    assert url("admin:index", "en") in main_nav(client_as(persona))


@pytest.mark.parametrize("persona", NO_ADMINISTRATION)
def test_people_outside_staff_see_no_administration_link(client_as, persona):
    client = client_as(persona)
    response = client.get(url("web:dashboard", "en"))

    assert url("admin:index", "en") not in page(response).hrefs_in("main-nav")
    assert text("Administration", "en") not in response.content.decode()


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_only_management_unit_staff_see_the_reports_link(client_as, persona):
    shown = url("reports:list", "en") in main_nav(client_as(persona))

    assert shown == (persona in SEES_REPORTS)


def test_the_official_of_rabat_sees_rabat_and_not_oslo(client_as, oslo):
    content = client_as("official_of_rabat").get(url("web:dashboard", "en")).content.decode()

    assert "Rabat" in content
    assert "Oslo" not in content


def test_the_official_of_oslo_sees_oslo_and_not_rabat(client_as, rabat):
    content = client_as("official_of_other_city").get(url("web:dashboard", "en")).content.decode()

    assert "Oslo" in content
    assert "Rabat" not in content


# --- Not found --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_unknown_address_answers_the_404_page_in_the_addresses_language(client, lang):
    response = client.get(f"/{lang}/no-such-page/")

    assert response.status_code == 404
    html = page(response).html_attrs
    assert html["lang"] == lang
    assert html["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert text("Page not found", lang) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ar", "fr", "es"])
def test_the_404_page_is_translated_when_the_catalogue_has_it(client, lang):
    translated = text("Page not found", lang)
    if translated == "Page not found":
        pytest.skip(f"no {lang} translation of 'Page not found' compiled yet")

    content = client.get(f"/{lang}/no-such-page/").content.decode()

    assert translated in content
    assert "Page not found" not in content


# --- The admin's door -------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_sends_anonymous_visitors_to_the_portals_sign_in(client):
    response = client.get(url("admin:index", "en"), follow=True)

    admin = url("admin:index", "en")
    assert response.status_code == 200
    landed = urlsplit(response.redirect_chain[-1][0])
    assert landed.path == url("account_login", "en")
    assert parse_qs(landed.query)["next"] == [admin]
    assert 'name="login"' in response.content.decode()


def test_management_unit_staff_open_the_admin(client_as):
    assert client_as("mu_staff").get(url("admin:index", "en")).status_code == 200


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/en/admin/members/membership/", "/en/admin/members/membership/"),
        ("https://elsewhere.example.com/", "/en/admin/"),
        ("//elsewhere.example.com/", "/en/admin/"),
        ("À", "/en/admin/"),  # not a path: once taken for a URL name, a server error
        ("members:directory", "/en/admin/"),
    ],
)
def test_staff_signed_in_are_sent_on_only_to_a_page_of_this_site(client_as, next_url, lands_on):
    response = client_as("mu_staff").get(url("admin_login", "en"), {"next": next_url})

    assert response.status_code == 302
    assert response.url == lands_on


def follow_redirects(client: Client, start: str, limit: int = 10):
    """GET ``start`` and follow redirects by hand; a loop shows as a list of (path, status)."""
    response = client.get(start)
    hops = [(start, response.status_code)]
    while response.status_code in (301, 302, 303, 307, 308) and len(hops) <= limit:
        location = response.url
        response = client.get(location)
        hops.append((location, response.status_code))
    return response, hops


def test_a_city_official_never_gets_into_the_admin(client_as):
    admin = url("admin:index", "en")

    _response, hops = follow_redirects(client_as("official_of_rabat"), admin)

    assert hops[0] == (admin, 302)
    assert [hop for hop in hops if urlsplit(hop[0]).path == admin and hop[1] == 200] == []


def test_a_city_official_sent_away_from_the_admin_lands_on_a_page(client_as):
    response, hops = follow_redirects(client_as("official_of_rabat"), url("admin:index", "en"))

    assert response.status_code == 403, f"still redirecting after {hops}"


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client_as, settings):
    settings.ADMIN_REQUIRES_MFA = True
    client = client_as("mu_staff")

    response = client.get(url("admin:index", "en"))

    assert response.status_code == 302
    assert response.url == url("mfa_index", "en")
    follow = client.get(response.url)
    assert follow.status_code == 200
    assert (
        text("Set up two-factor authentication before you open the administration.", "en")
        in follow.content.decode()
    )


def test_staff_with_an_authenticator_app_open_the_admin(client_as, settings, mu_staff):
    settings.ADMIN_REQUIRES_MFA = True
    TOTP.activate(mu_staff, generate_totp_secret())

    response = client_as("mu_staff").get(url("admin:index", "en"))

    assert response.status_code == 200


def test_the_second_factor_rule_guards_the_admin_in_every_language(client_as, settings):
    settings.ADMIN_REQUIRES_MFA = True
    client = client_as("mu_staff")

    for lang in LANGUAGES:
        response = client.get(url("admin:index", lang))
        assert response.status_code == 302, lang
        assert response.url == url("mfa_index", lang)


# --- Signing out ------------------------------------------------------------------


def test_following_a_link_to_sign_out_does_not_sign_anyone_out(mu_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mu_staff)

    client.get(url("account_logout", "en"))

    assert client.get(url("web:dashboard", "en")).status_code == 200


def test_signing_out_with_the_form_ends_the_session(mu_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mu_staff)
    dashboard = url("web:dashboard", "en")
    token = page(client.get(dashboard)).csrf_token()

    response = client.post(url("account_logout", "en"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    after = client.get(dashboard)
    assert after.status_code == 302
    assert after.url.startswith(url("account_login", "en"))


def test_signing_out_without_the_csrf_token_is_refused(mu_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mu_staff)

    response = client.post(url("account_logout", "en"))

    assert response.status_code == 403
    assert client.get(url("web:dashboard", "en")).status_code == 200


# --- Sign-up and sign-in forms ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {
                "email": "not-an-email",
                "password1": "a-Strong-pass-1",
                "password2": "a-Strong-pass-1",
            },
            "Enter a valid email address.",
        ),
        (
            {
                "email": "new@example.org",
                "password1": "a-Strong-pass-1",
                "password2": "other-pass-2X",
            },
            "You must type the same password each time.",
        ),
    ],
    ids=["malformed-email", "mismatched-passwords"],
)
def test_a_wrong_sign_up_shows_the_error_and_creates_nobody(client, data, error):
    response = client.post(url("account_signup", "en"), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not User.objects.exists()
    assert mail.outbox == []


GARBAGE = {
    "empty": {},
    "long": {
        "email": "a" * 100_000 + "@example.org",
        "login": "x" * 100_000,
        "password": "p" * 100_000,
        "password1": "p" * 100_000,
        "password2": "q" * 100_000,
    },
    "nul-bytes": {
        "email": "a\x00b@example.org",
        "login": "\x00",
        "password": "\x00\x00",
        "password1": "\x00",
        "password2": "\x00",
    },
    "markup": {
        "email": "<script>alert(1)</script>",
        "login": "' OR 1=1 --",
        "password": "{{ 7*7 }}",
        "password1": "%s%n",
        "password2": "${jndi:x}",
    },
    "unicode": {
        "email": "مدينة@مثال.مغرب",
        "login": "ﷺ" * 500,
        "password": "\U0001f600" * 300,
        "password1": "\u202e",
        "password2": "\u200f",
    },
    "lists": {"email": ["a@example.org", "b@example.org"], "password": ["x", "y"]},
    "invalid-utf8": b"email=%ff%fe%c3&login=%c3%28&password=%80&password1=%ed%a0%80",
    "random": {
        k: "".join(secrets.choice(string.printable) for _ in range(3000))
        for k in ("email", "login", "password", "password1", "password2", "remember")
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["account_signup", "account_login", "account_reset_password"])
@pytest.mark.parametrize("garbage", list(GARBAGE), ids=list(GARBAGE))
def test_garbage_posted_to_the_account_forms_never_breaks_the_page(client, name, garbage):
    data = GARBAGE[garbage]
    if isinstance(data, bytes):
        response = client.post(
            url(name, "en"), data, content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.post(url(name, "en"), data)

    assert response.status_code < 500
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signing_up_sends_a_verification_email_and_remembers_the_language(client):
    email = "new.official@casablanca.example.org"

    response = client.post(
        url("account_signup", "fr"),
        {
            "full_name": "Nadia Benali",
            "email": email,
            "password1": factories.PASSWORD,
            "password2": factories.PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == url("account_email_verification_sent", "fr")
    user = User.objects.get(email=email)
    assert user.language == "fr"
    assert [m.to for m in mail.outbox] == [[email]]
    assert text("Please Confirm Your Email Address", "fr") in mail.outbox[0].subject
    assert "/fr/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_an_unverified_person_cannot_sign_in_until_they_confirm(client):
    email = "new.official@casablanca.example.org"
    client.post(
        url("account_signup", "en"),
        {
            "full_name": "Nadia Benali",
            "email": email,
            "password1": factories.PASSWORD,
            "password2": factories.PASSWORD,
        },
    )
    assert client.get(url("web:dashboard", "en")).status_code == 302

    other = Client()
    response = other.post(
        url("account_login", "en"), {"login": email, "password": factories.PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == url("account_email_verification_sent", "en")
    assert other.get(url("web:dashboard", "en")).status_code == 302


@pytest.mark.django_db
def test_once_the_address_is_confirmed_the_person_signs_in_to_the_dashboard(client):
    email = "new.official@casablanca.example.org"
    client.post(
        url("account_signup", "en"),
        {
            "full_name": "Nadia Benali",
            "email": email,
            "password1": factories.PASSWORD,
            "password2": factories.PASSWORD,
        },
    )
    link = re.search(r"https?://testserver(/\S+/confirm-email/\S+/)", mail.outbox[0].body)[1]
    assert Client().post(link).status_code == 302

    other = Client()
    response = other.post(
        url("account_login", "en"), {"login": email, "password": factories.PASSWORD}
    )

    assert response.url == url("web:dashboard", "en")
    assert other.get(response.url).status_code == 200


def test_signing_up_again_with_the_address_in_capitals_creates_no_second_account(
    client, official_of_rabat
):
    client.post(
        url("account_signup", "en"),
        {
            "full_name": "Someone Else",
            "email": official_of_rabat.email.upper(),
            "password1": factories.PASSWORD,
            "password2": factories.PASSWORD,
        },
    )

    assert list(User.objects.values_list("email", flat=True)) == [official_of_rabat.email]
    assert [m.to for m in mail.outbox] == [[official_of_rabat.email]]


def test_signing_in_ignores_the_case_of_the_address(client, official_of_rabat):
    response = client.post(
        url("account_login", "en"),
        {"login": official_of_rabat.email.upper(), "password": factories.PASSWORD},
    )

    assert response.url == url("web:dashboard", "en")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.org/", "//evil.example.org/", "/\\evil.example.org/"]
)
def test_signing_in_never_sends_people_to_another_site(client, official_of_rabat, next_url):
    response = client.post(
        f"{url('account_login', 'en')}?next={next_url}",
        {"login": official_of_rabat.email, "password": factories.PASSWORD, "next": next_url},
    )

    assert response.status_code == 302
    assert response.url == url("web:dashboard", "en")


def test_a_verified_person_signs_in_to_the_dashboard(client, official_of_rabat):
    response = client.post(
        url("account_login", "en"),
        {"login": official_of_rabat.email, "password": factories.PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == url("web:dashboard", "en")


# --- Cost of the busiest pages ----------------------------------------------------


# Measured: home = 6 SELECTs (principle version, priorities, principles, three figures);
# dashboard of an official = 4 (session, user, every role in one query, cities). Each adds
# the SAVEPOINT/RELEASE pair of ATOMIC_REQUESTS.
# The resource hub's newest resources add one.
HOME_QUERIES = 9
# The help desk and needs-mapping panel (hubs) reads the official's cities once more.
DASHBOARD_QUERIES = 7
# With Redis the session is read from the cache (cached_db), not the database.
SESSION_FROM_CACHE = int(settings.SESSION_ENGINE.endswith("cached_db"))


@pytest.fixture
def published_priorities_and_principles(db):
    for n in range(1, 6):
        StrategicPriority.objects.create(
            number=n, code=f"priority-{n}", title=f"Priority {n}", description="..."
        )
    version = PrincipleVersion.objects.create(label="2023", effective_on=datetime.date(2023, 1, 1))
    for n in range(1, 7):
        GuidingPrinciple.objects.create(version=version, number=n, text=f"Principle {n}")


def test_the_home_page_costs_a_fixed_handful_of_queries(
    client, published_priorities_and_principles, rabat, oslo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(HOME_QUERIES):
        response = client.get(url("web:home", "en"))

    content = response.content.decode()
    assert "Priority 5" in content
    assert "Principle 6" in content


def test_the_home_page_costs_the_same_with_more_content(
    client, published_priorities_and_principles, django_assert_num_queries
):
    with django_assert_num_queries(HOME_QUERIES):
        client.get(url("web:home", "en"))
    StrategicPriority.objects.create(number=6, code="priority-6", title="Priority 6")
    for _ in range(3):
        factories.MembershipFactory()
    with django_assert_num_queries(HOME_QUERIES):
        client.get(url("web:home", "en"))


def test_an_officials_dashboard_stays_cheap_with_three_cities(
    client, rabat, oslo, the_hague, django_assert_num_queries, django_assert_max_num_queries
):
    user = factories.make_official(rabat)
    client.force_login(user)
    with django_assert_num_queries(DASHBOARD_QUERIES - SESSION_FROM_CACHE):
        client.get(url("web:dashboard", "en"))
    for city in (oslo, the_hague):
        factories.OfficialFactory(person=user.person, local_government=city)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(url("web:dashboard", "en"))

    content = response.content.decode()
    assert all(name in content for name in ("Rabat", "Oslo", "The Hague"))
