"""The periodic tasks the portal needs, stored in django-celery-beat's tables.

Each app declares the tasks it needs on a schedule, next to the task, in its
``tasks.py``::

    register_periodic_task(
        "Send due reminders", "reminders.send_due_reminders", minute="15", hour="*"
    )

They are created once after ``migrate``; staff may then change their schedule or
disable them in the admin, and later migrations never overwrite those changes. A task
that was renamed keeps its row (and the schedule staff gave it): ``RENAMED_TASKS``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicTaskSpec:
    name: str
    task: str
    minute: str = "*"
    hour: str = "*"


_tasks: dict[str, PeriodicTaskSpec] = {}

# Earlier task names and what they are called now.
RENAMED_TASKS = {
    "web.erase_stale_applicants": "members.erase_stale_applicants",
    "web.delete_expired_invitations": "members.delete_expired_invitations",
}


def register_periodic_task(name: str, task: str, *, minute: str = "*", hour: str = "*") -> None:
    """Declare that the Celery task ``task`` runs on a schedule, under ``name`` (shown to
    staff in the admin)."""
    _tasks[task] = PeriodicTaskSpec(name=name, task=task, minute=minute, hour=hour)


def default_periodic_tasks() -> list[PeriodicTaskSpec]:
    return sorted(_tasks.values(), key=lambda spec: spec.name)


def portal_task_names() -> set[str]:
    """The Celery tasks the portal itself runs on a schedule (staff may schedule only these)."""
    return set(_tasks)


def ensure_periodic_tasks(**kwargs) -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for old, new in RENAMED_TASKS.items():
        PeriodicTask.objects.filter(task=old).update(task=new)
    for spec in default_periodic_tasks():
        if PeriodicTask.objects.filter(name=spec.name).exists():
            continue
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute=spec.minute,
            hour=spec.hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        PeriodicTask.objects.create(name=spec.name, task=spec.task, crontab=schedule)
