"""Admin of working groups, the pool of experts and their engagements.

Requests to join are answered through ``group_services`` (the actions below), so the
admin records who decided and when, exactly as a convenor's answer in the portal does.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from scn_portal.accounts.scoping import ScopedChoicesMixin

from . import group_services
from .group_forms import ExpertAdminForm, ExpertEngagementForm, language_name
from .models import (
    Expert,
    ExpertEngagement,
    WorkingGroup,
    WorkingGroupMeeting,
    WorkingGroupMembership,
)


class WorkingGroupMeetingInline(ScopedChoicesMixin, TranslationStackedInline):
    model = WorkingGroupMeeting
    extra = 0


class WorkingGroupMembershipInline(ScopedChoicesMixin, admin.TabularInline):
    model = WorkingGroupMembership
    extra = 0
    fields = ["person", "local_government", "status", "requested_at", "decided_at", "decided_by"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    autocomplete_fields = ["person", "local_government"]
    verbose_name_plural = _("members and requests to join")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ScopedChoicesMixin, TranslationAdmin):
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

    @admin.display(description=_("members"), ordering="_members")
    def member_count(self, obj) -> int:
        return obj._members

    @admin.display(description=_("waiting for an answer"), ordering="_pending")
    def pending_count(self, obj) -> int:
        return obj._pending

    def save_formset(self, request, form, formset, change):
        """A member staff add, or a status staff change, here is decided by them, now."""
        if formset.model is WorkingGroupMembership:
            for inline in formset.forms:
                row = inline.instance
                if inline in formset.deleted_forms or not inline.has_changed():
                    continue
                if (row.pk is None or "status" in inline.changed_data) and (
                    row.status != WorkingGroupMembership.Status.REQUESTED
                ):
                    row.decided_at = timezone.now()
                    row.decided_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(WorkingGroupMembership)
class WorkingGroupMembershipAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Members and requests to join; staff answer requests with the actions."""

    list_display = ["person", "group", "local_government", "status", "requested_at", "decided_by"]
    list_filter = ["status", "group"]
    list_select_related = ["person", "group", "local_government", "decided_by"]
    search_fields = ["person__full_name", "person__email", "local_government__name"]
    autocomplete_fields = ["person", "local_government"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    actions = ["accept_requests", "decline_requests"]

    def _answer(self, request, queryset, service, done) -> None:
        count = 0
        for membership in queryset.select_related("person", "group"):
            try:
                service(membership=membership, actor=request.user)
            except ValidationError as exc:
                self.message_user(
                    request,
                    f"{membership.person} — {membership.group}: {' '.join(exc.messages)}",
                    messages.ERROR,
                )
            else:
                count += 1
        if count:
            self.message_user(request, done(count), messages.SUCCESS)

    @admin.action(description=_("Accept the selected requests to join"), permissions=["change"])
    def accept_requests(self, request, queryset):
        self._answer(
            request,
            queryset,
            group_services.accept_join_request,
            lambda n: (
                ngettext("%(count)d request accepted.", "%(count)d requests accepted.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Decline the selected requests to join"), permissions=["change"])
    def decline_requests(self, request, queryset):
        self._answer(
            request,
            queryset,
            group_services.decline_join_request,
            lambda n: (
                ngettext("%(count)d request declined.", "%(count)d requests declined.", n)
                % {"count": n}
            ),
        )


class ExpertEngagementInline(ScopedChoicesMixin, admin.StackedInline):
    """Engagements are recorded by staff: a city exactly when it is for a city."""

    model = ExpertEngagement
    form = ExpertEngagementForm
    extra = 0
    autocomplete_fields = ["local_government"]


@admin.register(Expert)
class ExpertAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    form = ExpertAdminForm
    list_display = [
        "person",
        "profile",
        "languages_display",
        "available_from",
        "available_until",
        "is_active",
    ]
    list_filter = ["profile", "is_active", "priorities", "regions"]
    list_select_related = ["person"]
    search_fields = ["person__full_name", "expertise"]
    autocomplete_fields = ["person"]
    inlines = [ExpertEngagementInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("priorities", "regions"):
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("languages"))
    def languages_display(self, obj) -> str:
        return ", ".join(language_name(code) for code in obj.languages) or "—"
