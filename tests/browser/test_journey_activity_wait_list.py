"""An official registers for a full activity, is put on the wait-list, receives the offer
of a seat by email after a cancellation and accepts it — in English and Arabic, in a real
browser, using only what the person sees (and the email they receive)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from hubs.models import Registration
from hubs.services.activities import cancel_registration
from tests import factories
from tests.browser.conftest import expect_heading, sign_in, tr, url_of

pytestmark = pytest.mark.browser

TITLE = {"en": "Strong Cities Global Summit", "ar": "مؤتمر القمة العالمي لشبكة المدن القوية"}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_official_joins_the_wait_list_and_accepts_the_offered_seat(
    page, live_server, transactional_db, settings, language
):
    settings.SITE_URL = live_server.url  # the links in the emails lead to this server
    rabat = factories.MembershipFactory(
        local_government__name_en="Rabat", local_government__name_ar="الرباط"
    ).local_government
    official = factories.make_official(rabat, email="focal.point@rabat.example.org")
    official.language = language
    official.save(update_fields=["language"])
    summit = factories.ActivityFactory(
        kind="global_summit", title_en=TITLE["en"], title_ar=TITLE["ar"], capacity=1
    )
    holder = factories.UserFactory(email="speaker@example.org")
    seat = factories.make_registration(summit, holder)

    sign_in(page, live_server, language, official.email)
    page.goto(url_of(live_server, "activities:calendar", language))
    page.get_by_role("link", name=TITLE[language]).click()
    expect_heading(page, TITLE[language])
    expect(
        page.get_by_text(
            tr(language, "Every seat is taken: registering puts you on the wait-list.")
        )
    ).to_be_visible()
    page.get_by_role("button", name=tr(language, "Join the wait-list")).click()
    expect(page.locator("#registration-status")).to_have_text(
        tr(language, "You are on the wait-list. If a seat frees, we will email you an offer.")
    )
    assert Registration.objects.get(user=official).status == Registration.Status.WAITING

    mail.outbox.clear()
    cancel_registration(registration=seat, actor=holder)
    [offer] = [m for m in mail.outbox if m.to == [official.email]]
    link = re.search(r"https?://\S+/offers/\S+/", offer.body).group(0)
    assert f"/{language}/" in link

    page.goto(link)
    page.get_by_role("button", name=tr(language, "Accept the seat")).click()
    expect(page.locator("#offer-answer")).to_have_text(
        tr(language, "You are registered: the seat is yours.")
    )
    assert Registration.objects.get(user=official).status == Registration.Status.REGISTERED
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
