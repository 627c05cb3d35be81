"""MEL's background work: the figures of each closed quarter and year, taken once."""

from celery import shared_task
from django.utils import timezone

from scn_portal.ops.schedule import register_periodic_task
from scn_portal.task_options import DATABASE_TASK

from .periods import closed_periods
from .services import link_indicators_to_priorities, take_snapshots


@shared_task(name="mel.take_period_snapshots", **DATABASE_TASK)
def take_period_snapshots() -> int:
    """Take the figures of every quarter and year that has ended (since last year) and has
    none yet; a second run takes nothing, and a figure taken is never changed here.

    The default indicators of a priority staff recorded since are linked to it first, so
    a figure counted per priority is taken for its priority, not for the whole network."""
    link_indicators_to_priorities()
    taken = 0
    for period in closed_periods(timezone.localdate()):
        taken += len(take_snapshots(period=period))
    return taken


register_periodic_task(
    "Take the figures of closed periods", "mel.take_period_snapshots", minute="30", hour="2"
)
