"""Admin of help-desk requests: the list to find and sort them, the thread to read.

Management Unit staff see every request; hub staff those of their active hubs and those
assigned to them (``selectors.helpdesk.requests_handled_by``, the staff pages' rule): a
request of another hub "does not exist". Requests are asked in the portal and answered on
the staff help-desk page (linked from each request); here staff assign them and move them
on through ``hubs.services.helpdesk``, the assignee chosen among those who may take the
request. Nothing is deleted: the requests are the help desk's history.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import AdminSection, register_admin_section
from scn_portal.web.admin_saving import ServiceSaveMixin

from ..models import HelpMessage, HelpRequest, Hub
from ..rules import staff_hub_ids
from ..selectors.helpdesk import assignees_for, overdue_q, with_overdue
from ..services import helpdesk as services

HELP_DESK = register_admin_section(
    AdminSection(code="help_desk", order=36, title=_("Help desk"))
).code
CENTRAL_TEAM = "central"


class TeamFilter(admin.SimpleListFilter):
    """Which team answers: one of the hubs the staff member may see, or the central team
    (the Management Unit's only)."""

    title = _("answered by")
    parameter_name = "team"

    def lookups(self, request, model_admin):
        hubs = Hub.objects.order_by("name")
        if not is_mu_staff(request.user):
            hubs = hubs.filter(pk__in=staff_hub_ids(request.user))
        choices = [(str(hub.pk), hub.name) for hub in hubs]
        if is_mu_staff(request.user):
            choices.append((CENTRAL_TEAM, _("The central team")))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == CENTRAL_TEAM:
            return queryset.filter(hub__isnull=True)
        if value and value.isdigit():
            return queryset.filter(hub_id=int(value))
        return queryset


class FirstAnswerFilter(admin.SimpleListFilter):
    title = _("first answer")
    parameter_name = "first_answer"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("waiting", _("Waiting, within the target")),
            ("answered", _("Answered")),
        ]

    def queryset(self, request, queryset):
        waiting = queryset.filter(first_response_at__isnull=True).exclude(
            status=HelpRequest.Status.CLOSED
        )
        if self.value() == "overdue":
            return waiting.filter(overdue_q())
        if self.value() == "waiting":
            return waiting.exclude(overdue_q())
        if self.value() == "answered":
            return queryset.filter(first_response_at__isnull=False)
        return queryset


class HelpMessageInline(ScopedChoicesMixin, admin.TabularInline):
    """The thread, internal notes included (staff only); answered on the help-desk page."""

    model = HelpMessage
    extra = 0
    fields = ["created_at", "author", "from_staff", "is_internal", "body"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HelpRequestAdminForm(forms.ModelForm):
    class Meta:
        model = HelpRequest
        fields = ["assigned_to"]


@admin.register(HelpRequest)
class HelpRequestAdmin(ServiceSaveMixin, ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = HELP_DESK
    form = HelpRequestAdminForm
    list_display = [
        "subject",
        "local_government",
        "team",
        "category",
        "status",
        "assigned_to",
        "created_at",
        "first_response_due",
        "is_overdue",
    ]
    list_filter = ["status", TeamFilter, FirstAnswerFilter, "category"]
    list_select_related = ["local_government", "hub", "assigned_to"]
    search_fields = ["subject", "local_government__name"]
    date_hierarchy = "created_at"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "subject",
                    "local_government",
                    "hub",
                    "category",
                    "asked_by",
                    "status",
                    "assigned_to",
                    "answer_link",
                ]
            },
        ),
        (
            _("First response"),
            {"fields": ["created_at", "first_response_due", "first_response_at"]},
        ),
        (_("Closing and satisfaction"), {"fields": ["closed_at", "rating", "rating_comment"]}),
    ]
    readonly_fields = [
        "subject",
        "local_government",
        "hub",
        "category",
        "asked_by",
        "status",
        "answer_link",
        "created_at",
        "first_response_due",
        "first_response_at",
        "closed_at",
        "rating",
        "rating_comment",
    ]
    inlines = [HelpMessageInline]
    actions = ["assign_to_me", "start_selected", "close_selected"]

    def get_queryset(self, request):
        queryset = with_overdue(super().get_queryset(request))
        if is_mu_staff(request.user):
            return queryset
        return queryset.filter(
            Q(hub_id__in=staff_hub_ids(request.user)) | Q(assigned_to=request.user)
        )

    def get_form(self, request, obj=None, **kwargs):
        # The assignee is chosen among those who may take this request.
        request._scn_help_request = obj
        return super().get_form(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            help_request = getattr(request, "_scn_help_request", None)
            kwargs["queryset"] = (
                assignees_for(help_request)
                if help_request is not None
                else db_field.remote_field.model._default_manager.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Asked by the city's officials in the portal.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("answered by"), ordering="hub__name")
    def team(self, obj):
        return obj.hub.name if obj.hub_id else _("The central team")

    @admin.display(description=_("overdue"), boolean=True, ordering="first_response_due")
    def is_overdue(self, obj):
        return bool(obj.overdue)

    @admin.display(description=_("answer"))
    def answer_link(self, obj):
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("hubs:staff_help_request", kwargs={"code": obj.code}),
            _("Answer on the help-desk page"),
        )

    def save_model(self, request, obj, form, change):
        if "assigned_to" in form.changed_data and obj.assigned_to is not None:
            services.assign_help_request(
                help_request=obj, assignee=obj.assigned_to, actor=request.user
            )

    def _each(self, request, queryset, apply, done) -> None:
        count, refused = 0, []
        for help_request in queryset:
            try:
                apply(help_request)
            except ValidationError as exc:
                refused.append(f"{help_request.subject}: {' '.join(exc.messages)}")
                continue
            count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Assign the selected requests to me"))
    def assign_to_me(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.assign_help_request(
                help_request=r, assignee=request.user, actor=request.user
            ),
            lambda n: (
                ngettext(
                    "%(count)d request assigned to you.", "%(count)d requests assigned to you.", n
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Mark the selected requests in progress"))
    def start_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.start_work(help_request=r, actor=request.user),
            lambda n: (
                ngettext("%(count)d request in progress.", "%(count)d requests in progress.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Close the selected requests"))
    def close_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.close_help_request(help_request=r, actor=request.user),
            lambda n: (
                ngettext("%(count)d request closed.", "%(count)d requests closed.", n)
                % {"count": n}
            ),
        )
