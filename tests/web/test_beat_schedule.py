"""The periodic tasks live in the database, where staff can change them in the admin."""

import pytest
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


def test_a_superuser_edits_the_schedule_in_the_admin(client_as):
    response = client_as("superuser").get(
        reverse("admin:django_celery_beat_periodictask_changelist")
    )
    assert response.status_code == 200
    assert "Send due reminders" in response.content.decode()


@pytest.mark.parametrize("persona", ["mu_staff", "hub_staff_mena"])
def test_the_schedule_is_closed_to_everyone_but_a_superuser(client_as, persona):
    """A task name and its arguments are code to run: Management Unit staff neither see
    the beat schedule in the admin nor open, add to or run it."""
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    client = client_as(persona)
    task = PeriodicTask.objects.get(name="Send due reminders")
    index = client.get(reverse("admin:index")).content.decode()
    pages = [
        reverse("admin:django_celery_beat_periodictask_changelist"),
        reverse("admin:django_celery_beat_periodictask_add"),
        reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
        reverse("admin:django_celery_beat_crontabschedule_changelist"),
    ]
    ran = client.post(
        pages[0], {"action": "run_tasks", ACTION_CHECKBOX_NAME: [task.pk], "index": 0}
    )

    assert "periodictask" not in index and "Periodic Tasks" not in index
    assert all(client.get(page).status_code in (403, 404) for page in pages)
    assert ran.status_code in (403, 404)
