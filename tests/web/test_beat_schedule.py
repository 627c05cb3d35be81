"""The periodic tasks live in the database, where staff can change them in the admin."""

from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from scn_portal.celery import app as celery_app
from scn_portal.ops.schedule import default_periodic_tasks, ensure_periodic_tasks


def registered_tasks():
    # What the worker and beat do at start-up: import every app's tasks module.
    celery_app.loader.import_default_modules()
    return celery_app.tasks


def test_migrate_creates_the_reminder_schedule(db):
    task = PeriodicTask.objects.get(name="Send due reminders")
    assert task.task == "reminders.send_due_reminders"
    assert task.enabled
    assert task.task in registered_tasks()


def test_a_schedule_changed_by_staff_survives_the_next_migrate(db):
    task = PeriodicTask.objects.get(name="Send due reminders")
    task.enabled = False
    task.save(update_fields=["enabled"])
    ensure_periodic_tasks()
    assert PeriodicTask.objects.filter(name="Send due reminders").count() == 1
    assert PeriodicTask.objects.get(name="Send due reminders").enabled is False


def test_every_default_periodic_task_names_a_registered_task():
    specs = default_periodic_tasks()
    assert {"reminders.send_due_reminders", "members.erase_stale_applicants"} <= {
        spec.task for spec in specs
    }
    for spec in specs:
        assert spec.task in registered_tasks()


def test_a_renamed_task_keeps_the_schedule_staff_gave_it(db):
    """The retention tasks moved from the platform to members; their rows follow."""
    row = PeriodicTask.objects.get(task="members.erase_stale_applicants")
    row.task = "members.erase_stale_applicants"
    row.enabled = False
    row.save(update_fields=["task", "enabled"])

    ensure_periodic_tasks()

    row.refresh_from_db()
    assert (row.task, row.enabled) == ("members.erase_stale_applicants", False)
    assert PeriodicTask.objects.filter(name=row.name).count() == 1


def test_staff_edit_the_schedule_in_the_admin(client_as):
    response = client_as("mu_staff").get(
        reverse("admin:django_celery_beat_periodictask_changelist")
    )
    assert response.status_code == 200
    assert "Send due reminders" in response.content.decode()


def test_management_unit_staff_schedule_only_the_portals_own_tasks(client_as):
    """A task name and its arguments are code to run: only a superuser chooses any."""
    from django_celery_beat.models import CrontabSchedule

    schedule = CrontabSchedule.objects.first()
    client = client_as("mu_staff")
    data = {
        "name": "Anything I like",
        "regtask": "members.send_invitation",
        "task": "",
        "crontab": schedule.pk,
        "enabled": "on",
        "description": "",
        "priority": "",
        "expire_seconds": "",
        "start_time_0": "",
        "start_time_1": "",
        "expires_0": "",
        "expires_1": "",
    }

    refused = client.post(reverse("admin:django_celery_beat_periodictask_add"), data)
    data.update(name="Reminders again", regtask="reminders.send_due_reminders")
    accepted = client.post(reverse("admin:django_celery_beat_periodictask_add"), data)

    assert refused.status_code == 200
    assert "Only the portal" in refused.content.decode()
    assert not PeriodicTask.objects.filter(name="Anything I like").exists()
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    added = PeriodicTask.objects.get(name="Reminders again")
    assert (added.args, added.kwargs) == ("[]", "{}")


def test_staff_cannot_give_a_periodic_task_arguments(client_as):
    task = PeriodicTask.objects.get(name="Send due reminders")
    page = client_as("mu_staff").get(
        reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    )
    html = page.content.decode()
    assert 'name="kwargs"' not in html and 'name="args"' not in html


def test_staff_run_only_the_portals_own_tasks_from_the_list(client_as, db):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    stray = PeriodicTask.objects.create(
        name="Cleanup",
        task="celery.backend_cleanup",
        interval=None,
        crontab=PeriodicTask.objects.first().crontab,
    )
    response = client_as("mu_staff").post(
        reverse("admin:django_celery_beat_periodictask_changelist"),
        {"action": "run_tasks", ACTION_CHECKBOX_NAME: [stray.pk], "index": 0},
        follow=True,
    )
    assert "Only the portal" in response.content.decode()
