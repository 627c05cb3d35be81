"""Queue a Celery task without letting a broker outage break the page."""

import logging

from celery.exceptions import Retry
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> bool:
    """Send ``task`` with keyword arguments; return False if the broker is unreachable.

    Without a broker (eager mode) the task runs here: a transient failure it would retry
    on a worker is logged instead of breaking the page, and also gives False.
    """
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except (OperationalError, ConnectionError, OSError):
        logger.exception("Could not queue %s", task.name)
        return False
    except Retry:
        logger.exception("%s failed and cannot be retried without a broker", task.name)
        return False
    return True
