"""Sign-up asks for the person's name; the portal greets them by it, and the record of the
person who applies for a city starts from it."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.models import CountryRegion, Official, Person
from scn_portal.accounts.models import User
from tests import factories

EMAIL = "nadia.benali@casablanca.example.org"


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name)


def sign_up(client: Client, language: str = "en", **overrides):
    data = {
        "full_name": "Nadia Benali",
        "email": EMAIL,
        "password1": factories.PASSWORD,
        "password2": factories.PASSWORD,
        **overrides,
    }
    return client.post(url("account_signup", language), data)


def confirm_and_sign_in(client: Client, language: str = "en") -> None:
    link = re.search(r"https?://testserver(/\S+/confirm-email/\S+/)", mail.outbox[-1].body)[1]
    assert client.post(link).status_code == 302
    response = client.post(
        url("account_login", language), {"login": EMAIL, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("name", ["", "   "])
def test_sign_up_refuses_a_missing_name_and_creates_nobody(client, db, name):
    response = sign_up(client, full_name=name)

    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == ["This field is required."]
    assert not User.objects.exists()
    assert mail.outbox == []


def test_the_sign_up_page_asks_for_the_name_first_in_the_page_language(client, db):
    page = client.get(url("account_signup", "fr")).content.decode()

    with translation.override("fr"):
        label = translation.gettext("Full name")
    assert label != "Full name"
    assert label in page
    assert 'autocomplete="name"' in page
    assert page.index('name="full_name"') < page.index('name="email"')


def test_the_name_is_kept_on_the_account_with_its_spaces_tidied(client, db):
    sign_up(client, full_name="  Nadia   Benali ")

    assert User.objects.get(email=EMAIL).full_name == "Nadia Benali"


def test_the_confirmation_email_greets_the_person_by_name_in_their_language(client, db):
    sign_up(client, "fr")

    [message] = mail.outbox
    with translation.override("fr"):
        hello = translation.gettext("Hello %(name)s,") % {"name": "Nadia Benali"}
    assert hello.startswith("Bonjour")
    assert message.body.startswith(hello)
    assert "/fr/accounts/confirm-email/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert hello in html and 'lang="fr"' in html


def test_the_dashboard_and_the_account_menu_greet_the_person_by_name(client, db):
    sign_up(client)
    confirm_and_sign_in(client)

    page = client.get(url("web:dashboard")).content.decode()

    assert "Welcome, Nadia Benali." in page
    assert '<li class="account-name">Nadia Benali</li>' in page


def test_the_greeting_is_translated(client, db):
    sign_up(client, "ar")
    confirm_and_sign_in(client, "ar")

    page = client.get(url("web:dashboard", "ar")).content.decode()

    with translation.override("ar"):
        welcome = translation.gettext("Welcome, %(name)s.") % {"name": "Nadia Benali"}
    assert welcome != "Welcome, Nadia Benali."
    assert welcome in page


def test_the_person_who_applies_for_a_city_is_recorded_under_the_name_they_signed_up_with(
    client, db
):
    CountryRegion.objects.create(country="MA", region=factories.RegionFactory(code="mena"))
    sign_up(client)
    confirm_and_sign_in(client)

    response = client.post(
        reverse("members:application_start"),
        {
            "name": "Settat",
            "kind": "city",
            "country": "MA",
            "publicly_listed": "True",
            "role": "focal_point",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(user__email=EMAIL)
    assert person.full_name == "Nadia Benali"
    assert Official.objects.get(person=person).role == "focal_point"
