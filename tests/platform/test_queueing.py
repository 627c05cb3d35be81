"""Services queue follow-up work by task name; a broker outage never breaks the page."""

import logging

import pytest
from django.core import mail

from members.models import Invitation
from scn_portal.queueing import enqueue_by_name
from tests.conftest import celery_broker_down

pytestmark = pytest.mark.django_db


def invitation_of(city, inviter) -> Invitation:
    return Invitation.objects.create(
        local_government=city,
        email="colleague@rabat.example.org",
        language="fr",
        invited_by=inviter,
    )


def test_a_task_queued_by_name_runs_at_once_without_a_broker(rabat, official_of_rabat):
    invitation = invitation_of(rabat, official_of_rabat)

    assert enqueue_by_name("members.send_invitation", invitation_id=invitation.pk) is True

    assert [m.to for m in mail.outbox] == [["colleague@rabat.example.org"]]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_a_task_queued_by_name_while_the_broker_is_down_is_logged_not_raised(
    rabat, official_of_rabat, caplog
):
    invitation = invitation_of(rabat, official_of_rabat)

    with celery_broker_down(), caplog.at_level(logging.ERROR, logger="scn_portal.queueing"):
        queued = enqueue_by_name("members.send_invitation", invitation_id=invitation.pk)

    assert queued is False
    assert "members.send_invitation" in caplog.text
    assert mail.outbox == []


def test_a_task_name_nobody_registered_is_a_programming_error():
    with pytest.raises(KeyError):
        enqueue_by_name("members.no_such_task")
