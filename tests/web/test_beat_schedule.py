"""The periodic tasks live in the database, where staff can change them in the admin."""

from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from scn_portal.celery import app as celery_app
from scn_portal.web.schedule import DEFAULT_PERIODIC_TASKS, ensure_periodic_tasks


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
    for _name, task, _cron in DEFAULT_PERIODIC_TASKS:
        assert task in registered_tasks()


def test_staff_edit_the_schedule_in_the_admin(client_as):
    response = client_as("mu_staff").get(
        reverse("admin:django_celery_beat_periodictask_changelist")
    )
    assert response.status_code == 200
    assert "Send due reminders" in response.content.decode()
