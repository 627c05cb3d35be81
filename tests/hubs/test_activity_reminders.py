"""Reminders of activities, through the shared reminder framework: each registered person
7 days and 1 day before, and a person offered a seat when the offer is about to expire;
each once, in their language, with links in that language."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from hubs.activity_emails import read_offer_token
from hubs.services.activities import cancel_registration
from scn_portal.reminders.tasks import send_reminders
from tests import factories

pytestmark = pytest.mark.django_db


def remind():
    send_reminders(rule="hubs.activity_soon")
    send_reminders(rule="hubs.activity_offer_expiring")


def subjects_to(user) -> list[str]:
    return [message.subject for message in mail.outbox if message.to == [user.email]]


def test_a_registered_person_is_reminded_a_week_and_a_day_before_once_each(
    rabat, official_of_rabat
):
    official_of_rabat.language = "fr"
    official_of_rabat.save(update_fields=["language"])
    workshop = factories.ActivityFactory(title_en="Exchange", title_fr="Échange")
    factories.make_registration(workshop, official_of_rabat)
    cancelled = factories.ActivityFactory(title_en="Cancelled one")
    factories.make_registration(cancelled, official_of_rabat)
    cancelled.status = "cancelled"
    cancelled.save(update_fields=["status"])
    mail.outbox.clear()

    remind()
    assert mail.outbox == []  # a month ahead: not yet
    with time_machine.travel(workshop.starts_at - datetime.timedelta(days=6, hours=20)):
        remind()
        remind()
    with time_machine.travel(workshop.starts_at - datetime.timedelta(hours=20)):
        remind()
        remind()
    with translation.override("fr"):
        link = reverse("activities:activity_detail", kwargs={"code": workshop.code})
    assert len(subjects_to(official_of_rabat)) == 2
    week, day = mail.outbox
    assert "Échange" in week.subject and "Échange" in day.subject
    assert week.subject != day.subject
    assert link.startswith("/fr/") and link in week.body


def test_an_offer_about_to_expire_is_reminded_once_with_its_link(
    rabat, official_of_rabat, official_of_other_city, settings
):
    settings.ACTIVITY_OFFER_HOURS = 48
    workshop = factories.ActivityFactory(capacity=1, title_en="Exchange")
    seated = factories.make_registration(workshop, official_of_other_city)
    waiting = factories.make_registration(workshop, official_of_rabat)
    cancel_registration(registration=seated, actor=official_of_other_city)
    waiting.refresh_from_db()
    assert waiting.status == "offered"
    mail.outbox.clear()

    remind()
    assert subjects_to(official_of_rabat) == []  # 48 hours left
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=40)):
        remind()
        remind()
    assert subjects_to(official_of_rabat) == ["Your offer of a seat expires soon: Exchange"]
    token = re.search(r"/en/activities/offers/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert read_offer_token(token) == (waiting.pk, waiting.offers_made)
