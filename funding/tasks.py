"""The funding app's background work: thin tasks that load a row by id (quietly returning
if it is gone) and call a service; services queue them by name."""

from celery import shared_task

from scn_portal.task_options import EMAIL_TASK

from . import notifications
from .models import FundTransition


@shared_task(name="funding.notify_fund_decision", **EMAIL_TASK)
def notify_fund_decision(*, transition_id: int) -> int:
    """Email the city's officials about a fund decision, each of them once."""
    record = FundTransition.objects.filter(pk=transition_id).first()
    if record is None:
        return 0
    return notifications.send_fund_decision(transition=record)
