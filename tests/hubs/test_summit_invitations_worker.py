"""Summit invitations sent by a real Celery worker: staff invite the cities that may hold
member benefits, the worker emails them batch after batch (two invitations a batch, see
``ACTIVITY_INVITATION_BATCH`` in the worker's environment), each official once in their
language; the cities that may not hold member benefits hear nothing, and running the task
again sends nothing more."""

import email
from email import policy

import pytest

from hubs.services.activities import invite_the_cities_it_is_for
from hubs.tasks import send_activity_invitations
from members.models import LocalGovernment
from tests import factories
from tests.conftest import wait_for

pytestmark = pytest.mark.integration

DOMAIN = "summit-invitation.example.org"
TASK = "hubs.send_activity_invitations["


def eligible_city(name: str, region):
    city = factories.MembershipFactory(
        local_government__name=name, local_government__region=region
    ).local_government
    factories.CommitmentFactory(local_government=city)
    return city


def official(city, name: str, language: str):
    return factories.make_official(city, email=f"{name}@{DOMAIN}", language=language)


def messages_to_officials(mail_dir) -> list:
    """Every email of this test the worker wrote (the file backend writes each message
    followed by a line of 79 dashes)."""
    found = []
    for path in mail_dir.iterdir():
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk, policy=policy.default)
            if DOMAIN in str(message["To"]):
                found.append(message)
    return found


def invitation_tasks_done(log) -> int:
    return sum(TASK in line and "succeeded" in line for line in log.read_text().splitlines())


def test_a_summit_is_emailed_to_each_eligible_official_once_by_the_worker(celery_worker, mu_staff):
    region = factories.RegionFactory()
    rabat = eligible_city("Rabat", region)
    lyon = eligible_city("Lyon", region)
    unlisted = eligible_city("Unlisted town", region)
    LocalGovernment.objects.filter(pk=unlisted.pk).update(publicly_listed=False)
    no_commitment = factories.MembershipFactory(
        local_government__name="Oslo", local_government__region=region
    ).local_government
    applicant = factories.LocalGovernmentFactory(name="Tétouan", country="MA", region=region)
    factories.make_application(applicant)
    officials = {
        "rabat-ar": official(rabat, "rabat-ar", "ar"),
        "rabat-en": official(rabat, "rabat-en", "en"),
        "lyon-fr": official(lyon, "lyon-fr", "fr"),
        "unlisted-es": official(unlisted, "unlisted-es", "es"),
    }
    official(no_commitment, "oslo", "en")
    official(applicant, "tetouan", "fr")
    summit = factories.ActivityFactory(
        kind="global_summit",
        visibility="members",
        title_en="Global Summit",
        title_fr="Sommet mondial",
        title_es="Cumbre mundial",
        title_ar="القمة العالمية",
    )
    tasks_before = invitation_tasks_done(celery_worker["log"])

    assert invite_the_cities_it_is_for(activity=summit, actor=mu_staff) == 3

    wait_for(lambda: not summit.invitations.filter(sent_at__isnull=True).exists())
    # Three invitations at two a batch: the worker ran the task twice.
    wait_for(lambda: invitation_tasks_done(celery_worker["log"]) - tasks_before >= 2)
    mail_dir = celery_worker["dirs"] / "mail"
    received = {
        str(m["To"]).split("@")[0]: str(m["Subject"]) for m in messages_to_officials(mail_dir)
    }
    assert sorted(received) == sorted(officials)
    assert "القمة العالمية" in received["rabat-ar"]
    assert "Global Summit" in received["rabat-en"]
    assert "Sommet mondial" in received["lyon-fr"]
    assert "Cumbre mundial" in received["unlisted-es"]
    assert len(messages_to_officials(mail_dir)) == 4

    # Run again (as a redelivered message would): nothing more is sent.
    tasks_done = invitation_tasks_done(celery_worker["log"])
    send_activity_invitations.delay(activity_id=summit.pk)
    wait_for(lambda: invitation_tasks_done(celery_worker["log"]) > tasks_done)
    assert len(messages_to_officials(mail_dir)) == 4
    assert summit.invitations.count() == 3
