"""The Celery app: JSON only, late acknowledgement, time limits, beat schedule in the database.

The periodic tasks live in django-celery-beat's tables (editable in the admin);
``ensure_periodic_tasks`` (called by ``migrate``'s post-migrate hook) creates the
defaults that the portal needs, without overwriting what staff changed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scn_portal.settings")

app = Celery("scn_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
