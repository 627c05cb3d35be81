"""The beat schedule in the admin: a superuser's (see ``web.admin_site.SUPERUSER_ONLY``).

A task name and its arguments are code to run, so nobody else sees or changes them.
"""

from django.contrib import admin
from django_celery_beat.admin import PeriodicTaskAdmin as BasePeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

from scn_portal.accounts.scoping import ScopedChoicesMixin

admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(ScopedChoicesMixin, BasePeriodicTaskAdmin):
    pass
