"""Arbitrary input thrown at the public and portal forms: never a 500, nothing half-saved.

Hypothesis generates text (any Unicode, control characters, very long strings), numbers
and dates for every field of the forms people fill in; each answer must be a 2xx, 3xx
or 4xx, and a refused application form leaves no city, membership or official behind.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.models import LocalGovernment, Membership, Official

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=300) | st.sampled_from(
    ["", " ", "0", "-1", "1e309", "NaN", "<b>", "x" * 5000]
)
number = st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=20)).map(str)


def no_nul(value: str) -> str:
    # The test client cannot send NUL in form data; the server refuses it before Django.
    return value.replace("\x00", "")


@FUZZ
@given(full_name=text, email=text, password1=text, password2=text)
def test_sign_up_never_fails(client, db, full_name, email, password1, password2):
    data = {
        "full_name": no_nul(full_name),
        "email": no_nul(email),
        "password1": no_nul(password1),
        "password2": no_nul(password2),
    }
    assert client.post(reverse("account_signup"), data).status_code < 500


@FUZZ
@given(login=text, password=text)
def test_sign_in_never_fails(client, db, login, password):
    data = {"login": no_nul(login), "password": no_nul(password)}
    assert client.post(reverse("account_login"), data).status_code < 500


@FUZZ
@given(q=text, region=text, country=text, kind=text, joined=number, page=number)
def test_directory_filters_never_fail(client, db, q, region, country, kind, joined, page):
    params = {
        "q": q,
        "region": region,
        "country": country,
        "kind": kind,
        "joined": joined,
        "page": page,
    }
    response = client.get(reverse("members:directory"), {k: no_nul(v) for k, v in params.items()})
    assert response.status_code < 500


@pytest.fixture
def applicant(client_as, db):
    return client_as("expert")  # signed in, verified, acts for no city yet


@FUZZ
@given(
    name=text,
    kind=text,
    country=text,
    subdivision=text,
    latitude=number,
    longitude=number,
    population=number,
    website=text,
    languages=text,
    profile=text,
    role=text,
)
def test_a_refused_application_leaves_nothing_behind(
    applicant,
    name,
    kind,
    country,
    subdivision,
    latitude,
    longitude,
    population,
    website,
    languages,
    profile,
    role,
):
    before = (LocalGovernment.objects.count(), Membership.objects.count(), Official.objects.count())
    data = {
        "name": name,
        "kind": kind,
        "country": country,
        "subdivision": subdivision,
        "latitude": latitude,
        "longitude": longitude,
        "population": population,
        "website": website,
        "languages": languages,
        "profile": profile,
        "role": role,
        "publicly_listed": "on",
    }
    response = applicant.post(
        reverse("members:application_start"), {k: no_nul(v) for k, v in data.items()}
    )
    assert response.status_code < 500
    if response.status_code != 302:  # refused: nothing was saved
        after = (
            LocalGovernment.objects.count(),
            Membership.objects.count(),
            Official.objects.count(),
        )
        assert after == before
