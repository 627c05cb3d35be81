"""The periodic tasks the portal needs, stored in django-celery-beat's tables.

They are created once after ``migrate``; staff may then change their schedule or
disable them in the admin, and later migrations never overwrite those changes.
"""

DEFAULT_PERIODIC_TASKS = [
    # (name, task, crontab fields)
    ("Send due reminders", "reminders.send_due_reminders", {"minute": "15", "hour": "*"}),
    ("Sweep stale reports", "reports.sweep_stale_reports", {"minute": "*/10", "hour": "*"}),
    (
        "Erase applicants past the retention period",
        "web.erase_stale_applicants",
        {"minute": "40", "hour": "3"},
    ),
    (
        "Delete invitations past the retention period",
        "web.delete_expired_invitations",
        {"minute": "50", "hour": "3"},
    ),
]


def ensure_periodic_tasks(**kwargs) -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for name, task, cron in DEFAULT_PERIODIC_TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute=cron.get("minute", "*"),
            hour=cron.get("hour", "*"),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="UTC",
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=schedule)


def portal_task_names() -> set[str]:
    """The Celery tasks the portal itself runs on a schedule (staff may schedule only these)."""
    return {task for _name, task, _cron in DEFAULT_PERIODIC_TASKS}
