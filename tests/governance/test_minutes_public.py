"""Who sees which minutes, and the public pages: published minutes and the terms of
reference. Anonymous visitors see only what is published."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import Minutes, TermsOfReference
from tests import factories

EVERYONE = [
    "anonymous",
    "official_of_rabat",
    "expert",
    "hub_staff_mena",
    "isc_member",
    "mu_staff",
]
SEES = {
    "draft": {"mu_staff"},
    "circulated": {"isc_member", "mu_staff"},
    "approved": {"isc_member", "mu_staff"},
    "published": set(EVERYONE),
}


def minutes_in(status: str) -> Minutes:
    minutes = factories.make_minutes(items=1, status=status, text_en="Secret until published.")
    if status == "circulated":
        minutes.review_deadline = timezone.now() + datetime.timedelta(days=5)
    if status == "published":
        minutes.published_at = timezone.now()
        minutes.approved_at = timezone.now()
    minutes.save()
    return minutes


@pytest.mark.parametrize("status", list(SEES))
@pytest.mark.parametrize("persona", EVERYONE)
def test_minutes_are_visible_by_status_and_role(client_as, persona, status):
    minutes = minutes_in(status)
    client = client_as(persona)
    response = client.get(reverse("governance:minutes_detail", kwargs={"code": minutes.code}))
    if persona in SEES[status]:
        assert response.status_code == 200
        assert "Secret until published." in response.content.decode()
    else:
        assert response.status_code == 404
    listing = client.get(reverse("governance:minutes_list")).content.decode()
    assert (str(minutes.code) in listing) == (status == "published")


@pytest.mark.parametrize("status", ["draft", "circulated", "approved"])
def test_no_pdf_before_publication_even_for_staff(client_as, status):
    minutes = minutes_in(status)
    url = reverse("governance:minutes_pdf", kwargs={"code": minutes.code})
    assert client_as("mu_staff").get(url).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "official_of_rabat", "expert"])
def test_others_cannot_comment_on_circulated_minutes(client_as, persona):
    minutes = minutes_in("circulated")
    item = minutes.meeting.agenda_items.first()
    response = client_as(persona).post(
        reverse("governance:minutes_comment", kwargs={"code": minutes.code}),
        {"agenda_item": item.pk, "text": "Let me in"},
    )
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert reverse("account_login") in response["Location"]
    assert not minutes.comments.exists()


def test_comments_need_a_post(client_as):
    minutes = minutes_in("circulated")
    url = reverse("governance:minutes_comment", kwargs={"code": minutes.code})
    assert client_as("isc_member").get(url).status_code == 405


def the_public_list_queries(client, n: int) -> int:
    for _ in range(n):
        minutes_in("published")
        minutes_in("draft")  # never listed
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("governance:minutes_list")).status_code == 200
    return len(queries)


def test_the_public_minutes_list_takes_as_many_queries_for_3_as_for_12(client, db):
    small = the_public_list_queries(client, 3)
    large = the_public_list_queries(client, 9)
    assert small == large
    assert large <= 4


# --- Terms of reference -------------------------------------------------------------------


@pytest.fixture
def terms(db):
    old = TermsOfReference.objects.create(
        label="2019", effective_on=datetime.date(2019, 1, 1), text_en="The first terms."
    )
    current = TermsOfReference.objects.create(
        label="2023",
        effective_on=datetime.date(2023, 1, 1),
        text_en="The committee gives strategic direction.",
        text_ar="تعطي اللجنة التوجيه الاستراتيجي.",
    )
    future = TermsOfReference.objects.create(
        label="2099", effective_on=datetime.date(2099, 1, 1), text_en="Not yet."
    )
    return old, current, future


def test_the_current_terms_of_reference_are_public_with_earlier_versions(client, terms):
    page = client.get(reverse("governance:terms_of_reference")).content.decode()
    assert "The committee gives strategic direction." in page
    old_url = reverse(
        "governance:terms_of_reference_version", kwargs={"effective_on": "2019-01-01"}
    )
    assert old_url in page
    assert "Not yet." not in page and "2099" not in page
    earlier = client.get(old_url).content.decode()
    assert "The first terms." in earlier and "This version has been replaced." in earlier
    arabic = client.get("/ar/isc/terms-of-reference/").content.decode()
    assert "تعطي اللجنة التوجيه الاستراتيجي." in arabic


def test_a_future_or_unknown_version_is_404(client, terms):
    for day in ["2099-01-01", "2020-01-01", "not-a-date"]:
        url = reverse("governance:terms_of_reference_version", kwargs={"effective_on": day})
        assert client.get(url).status_code == 404


def test_terms_in_force_are_read_only_in_the_admin(client_as, terms):
    _old, current, future = terms
    client = client_as("mu_staff")
    url = reverse("admin:governance_termsofreference_change", args=[current.pk])
    assert 'name="_save"' not in client.get(url).content.decode()
    assert client.post(url, {"label": "2023", "text_en": "Changed"}).status_code == 403
    current.refresh_from_db()
    assert current.text_en == "The committee gives strategic direction."
    future_url = reverse("admin:governance_termsofreference_change", args=[future.pk])
    assert 'name="_save"' in client.get(future_url).content.decode()
