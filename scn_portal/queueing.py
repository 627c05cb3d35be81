"""Queue a Celery task without letting a broker outage break the page."""

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> bool:
    """Send ``task`` with keyword arguments; return False if the broker is unreachable."""
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except (OperationalError, ConnectionError, OSError):
        logger.exception("Could not queue %s", task.name)
        return False
    return True
