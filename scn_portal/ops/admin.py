"""The beat schedule in the admin: staff reschedule, enable and run the portal's own
periodic tasks; only a superuser schedules any other Celery task, or changes a task's
arguments (a task name and its arguments are code to run)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin as BasePeriodicTaskAdmin
from django_celery_beat.admin import PeriodicTaskForm
from django_celery_beat.models import PeriodicTask

from scn_portal.accounts.scoping import ScopedChoicesMixin

from .schedule import portal_task_names

# What a task is asked to run with: a superuser's to change.
CODE_FIELDS = ("args", "kwargs", "queue", "exchange", "routing_key", "headers")


class PortalPeriodicTaskForm(PeriodicTaskForm):
    any_task = False  # set for superusers by PeriodicTaskAdmin.get_form

    def clean(self):
        data = super().clean()
        if not self.any_task and data.get("task") not in portal_task_names():
            message = _(
                "Only the portal's own periodic tasks may be scheduled here: %(names)s."
            ) % {"names": ", ".join(sorted(portal_task_names()))}
            self.add_error("regtask" if "regtask" in self.fields else None, message)
            raise ValidationError(message)
        return data


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(ScopedChoicesMixin, BasePeriodicTaskAdmin):
    form = PortalPeriodicTaskForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"any_task": request.user.is_superuser})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += list(CODE_FIELDS)
        return fields

    def run_tasks(self, request, queryset):
        if not request.user.is_superuser:
            others = queryset.exclude(task__in=portal_task_names())
            if others.exists():
                self.message_user(
                    request,
                    gettext("Only the portal's own periodic tasks may be run from here."),
                    messages.ERROR,
                )
                return None
        return super().run_tasks(request, queryset)

    run_tasks.short_description = BasePeriodicTaskAdmin.run_tasks.short_description
