"""Queue a Celery task without letting a broker outage break the page.

A service queues its follow-up work by the task's registered name
(``enqueue_by_name("members.send_invitation", invitation_id=...)``), so it never imports
the module that defines the task (which imports the service back).
"""

import logging

from celery import current_app
from celery.exceptions import Retry
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What an unreachable broker raises when a message is sent.
BROKER_ERRORS = (OperationalError, ConnectionError, OSError)


def enqueue(task, **kwargs) -> bool:
    """Send ``task`` with keyword arguments; return False if the broker is unreachable.

    Without a broker (eager mode) the task runs here: a transient failure it would retry
    on a worker is logged instead of breaking the page, and also gives False.
    """
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except BROKER_ERRORS:
        logger.exception("Could not queue %s", task.name)
        return False
    except Retry:
        logger.exception("%s failed and cannot be retried without a broker", task.name)
        return False
    return True


def enqueue_by_name(name: str, **kwargs) -> bool:
    """Queue the task registered as ``name`` with keyword arguments, as ``enqueue`` does.

    With a broker the message is sent by name (``send_task``); in eager mode (no broker)
    the registered task runs here, through its ``apply_async``. An unknown name is a
    programming error and raises ``KeyError``.
    """
    app = current_app
    if name not in app.tasks:
        # The web process imports the apps' tasks modules only when asked, as a worker does.
        app.loader.import_default_modules()
    task = app.tasks[name]
    if app.conf.task_always_eager:
        return enqueue(task, **kwargs)
    try:
        app.send_task(name, kwargs=kwargs, retry=False)
    except BROKER_ERRORS:
        logger.exception("Could not queue %s", name)
        return False
    return True
