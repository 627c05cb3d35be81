"""Admin of working groups, their members and requests to join.

Members and requests are saved, and requests answered, through ``services.groups``, so
the admin records who decided and when exactly as a convenor's answer in the portal does.
A group's own fields and its meetings are plain rows.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_actions import apply_to_each
from scn_portal.web.admin_saving import save_rows, take_saved

from ..models import WorkingGroup, WorkingGroupMeeting, WorkingGroupMembership
from ..services import groups as group_services

MEMBER_FIELDS = ["person", "local_government", "status"]


def _add_member(row: WorkingGroupMembership, actor) -> WorkingGroupMembership:
    return group_services.add_group_member(
        group=row.group,
        person=row.person,
        local_government=row.local_government,
        status=row.status,
        actor=actor,
    )


def _change_member(row: WorkingGroupMembership, actor) -> WorkingGroupMembership:
    return group_services.change_group_membership(
        membership=row,
        person=row.person,
        local_government=row.local_government,
        status=row.status,
        actor=actor,
    )


def _answer_each(service, done):
    """An admin action that answers each selected request with ``service``."""

    def action(modeladmin, request, queryset):
        apply_to_each(
            modeladmin,
            request,
            queryset.select_related("person", "group"),
            lambda row: service(membership=row, actor=request.user),
            done=lambda n: done % {"count": n},
            label=lambda row: f"{row.person} — {row.group}",
        )

    return action


class WorkingGroupMeetingInline(ScopedChoicesMixin, TranslationStackedInline):
    model = WorkingGroupMeeting
    extra = 0


class WorkingGroupMembershipInline(ScopedChoicesMixin, admin.TabularInline):
    model = WorkingGroupMembership
    extra = 0
    can_delete = False  # a member leaves (status "left"); requests and answers stay
    fields = [*MEMBER_FIELDS, "requested_at", "decided_at", "decided_by"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    autocomplete_fields = ["person", "local_government"]
    verbose_name_plural = _("members and requests to join")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = "groups_and_experts"
    list_display = ["topic", "status", "member_count", "pending_count"]
    list_filter = ["status", "priorities"]
    search_fields = ["topic_en", "topic_ar", "topic_fr", "topic_es"]
    autocomplete_fields = ["convenors"]
    inlines = [WorkingGroupMembershipInline, WorkingGroupMeetingInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _members=Count(
                    "memberships",
                    filter=Q(memberships__status=WorkingGroupMembership.Status.ACCEPTED),
                ),
                _pending=Count(
                    "memberships",
                    filter=Q(memberships__status=WorkingGroupMembership.Status.REQUESTED),
                ),
            )
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "priorities":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # a group is closed (its status), its members and meetings kept

    @admin.display(description=_("members"), ordering="_members")
    def member_count(self, obj) -> int:
        return obj._members

    @admin.display(description=_("waiting for an answer"), ordering="_pending")
    def pending_count(self, obj) -> int:
        return obj._pending

    def save_formset(self, request, form, formset, change):
        if formset.model is not WorkingGroupMembership:
            return super().save_formset(request, form, formset, change)
        save_rows(
            formset,
            add=lambda row: _add_member(row, request.user),
            change=lambda row, changed: _change_member(row, request.user),
        )


@admin.register(WorkingGroupMembership)
class WorkingGroupMembershipAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Members and requests to join; staff answer requests with the actions. Never
    deleted: a member leaves (status "left"), a request is declined."""

    admin_section = "groups_and_experts"
    fields = ["group", *MEMBER_FIELDS, "requested_at", "decided_at", "decided_by"]
    list_display = ["person", "group", "local_government", "status", "requested_at", "decided_by"]
    list_filter = ["status", "group"]
    list_select_related = ["person", "group", "local_government", "decided_by"]
    search_fields = ["person__full_name", "person__email", "local_government__name"]
    autocomplete_fields = ["person", "local_government"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    actions = ["accept_requests", "decline_requests"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            _change_member(obj, request.user)
        else:
            take_saved(obj, _add_member(obj, request.user))

    accept_requests = admin.action(
        description=_("Accept the selected requests to join"), permissions=["change"]
    )(
        _answer_each(
            group_services.accept_join_request,
            ngettext_lazy("%(count)d request accepted.", "%(count)d requests accepted.", "count"),
        )
    )
    decline_requests = admin.action(
        description=_("Decline the selected requests to join"), permissions=["change"]
    )(
        _answer_each(
            group_services.decline_join_request,
            ngettext_lazy("%(count)d request declined.", "%(count)d requests declined.", "count"),
        )
    )
