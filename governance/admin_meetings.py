"""Admin of ISC meetings, papers, minutes and their review (Management Unit staff).

Every decision on minutes is an admin action that calls ``governance.meeting_services``:
circulate (with a deadline), approve (how and when), publish, and correct published
minutes with a new version. Approved and published minutes are shown read-only and their
forms refuse any change; comments are resolved one by one on the comments page.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, IntegerField, Q, Value
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from scn_portal.accounts.scoping import ScopedChoicesMixin

from . import meeting_services
from .meeting_forms import (
    ApproveForm,
    CirculateForm,
    CorrectionForm,
    MeetingAdminForm,
    MeetingPaperForm,
    MinutesAdminForm,
    MinutesCommentAdminForm,
    MinutesItemForm,
    MinutesItemFormSet,
)
from .models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingPaper,
    Minutes,
    MinutesComment,
    MinutesItem,
    TermsOfReference,
)
from .services import GovernanceError

ACTION_TEMPLATE = "governance/meetings/admin/action_form.html"


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(ScopedChoicesMixin, TranslationAdmin):
    """A version in force is never edited: a change is a new version (the old stays public)."""

    list_display = ["label", "effective_on", "in_force"]
    search_fields = ["label"]

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        current = TermsOfReference.objects.current()
        return current is not None and current.pk == obj.pk

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.effective_on <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would skip the per-version check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# --- Meetings ------------------------------------------------------------------------------


class AgendaItemInline(ScopedChoicesMixin, TranslationTabularInline):
    model = AgendaItem
    extra = 1
    fields = ["order", "title"]


class MeetingPaperInline(ScopedChoicesMixin, admin.TabularInline):
    model = MeetingPaper
    form = MeetingPaperForm
    extra = 1
    fields = ["title", "file", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


class AttendanceInline(ScopedChoicesMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["person", "status", "represented_by"]
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(ScopedChoicesMixin, TranslationAdmin):
    form = MeetingAdminForm
    fields = ["title", "local_start", "time_zone", "duration_minutes", "format", "place", "link"]
    list_display = ["title", "local_time", "starts_at", "format", "n_papers", "minutes_status"]
    list_filter = ["format"]
    search_fields = ["title_en", "title_ar", "title_fr", "title_es", "place"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, MeetingPaperInline, AttendanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(papers_n=Count("papers", distinct=True))

    @admin.display(description=_("local time"))
    def local_time(self, obj):
        local = meeting_services.local_start(obj)
        return f"{date_format(local, 'DATETIME_FORMAT')} ({obj.time_zone})"

    @admin.display(description=_("papers"), ordering="papers_n")
    def n_papers(self, obj):
        return obj.papers_n

    @admin.display(description=_("minutes"))
    def minutes_status(self, obj):
        # Prefetched in get_changelist_instance's queryset via prefetch_related below.
        versions = list(obj.minutes.all())
        if not versions:
            return "—"
        latest = max(versions, key=lambda m: m.version)
        return f"v{latest.version}: {latest.get_status_display()}"

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.queryset = changelist.queryset.prefetch_related("minutes")
        return changelist

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            for year, count in meeting_services.years_with_too_few_meetings():
                self.message_user(
                    request,
                    ngettext(
                        "%(year)s has %(count)s ISC meeting scheduled; the committee meets "
                        "at least twice a year.",
                        "%(year)s has %(count)s ISC meetings scheduled; the committee meets "
                        "at least twice a year.",
                        count,
                    )
                    % {"year": year, "count": count},
                    messages.WARNING,
                )
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- Minutes ----------------------------------------------------------------------------


class MinutesItemInline(ScopedChoicesMixin, TranslationStackedInline):
    # Stacked (not tabbed: the tabbed classes load jQuery UI from a CDN) because each
    # item is long text in four languages.
    model = MinutesItem
    form = MinutesItemForm
    formset = MinutesItemFormSet
    fields = ["agenda_item", "text"]
    readonly_fields = ["agenda_item"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # one item per agenda item, created with the minutes

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status not in meeting_services.EDITABLE:
            return False
        return super().has_change_permission(request, obj)


def _minutes_action(modeladmin, request, queryset, *, form_class, title, apply, done):
    """Ask for the action's input on an intermediate page, then apply it to each row."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        succeeded = 0
        for minutes in queryset:
            try:
                apply(minutes, form.cleaned_data)
            except GovernanceError as exc:
                modeladmin.message_user(
                    request, f"{minutes}: {' '.join(exc.messages)}", messages.ERROR
                )
            else:
                succeeded += 1
        if succeeded:
            modeladmin.message_user(request, done % {"n": succeeded}, messages.SUCCESS)
        return None
    return TemplateResponse(
        request,
        ACTION_TEMPLATE,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.model._meta,
            "objects": [(m.pk, str(m)) for m in queryset],
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(Minutes)
class MinutesAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    form = MinutesAdminForm
    inlines = [MinutesItemInline]
    list_display = [
        "__str__",
        "status",
        "review_deadline",
        "reviews_of_members",
        "open_comments",
        "published_at",
    ]
    list_filter = ["status"]
    list_select_related = ["meeting"]
    actions = ["circulate", "approve", "publish", "correct"]
    readonly_fields = [
        "version",
        "previous",
        "change_note",
        "status",
        "review_deadline",
        "circulated_at",
        "approved_how",
        "approved_by",
        "approved_at",
        "published_at",
        "published_by",
        "review_summary",
        "comment_list",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return ["meeting", *fields] if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["meeting"]
        return self.get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_queryset(self, request):
        members = meeting_services.current_isc_users().count()
        return (
            super()
            .get_queryset(request)
            .annotate(
                reviews_n=Count("reviews", distinct=True),
                open_n=Count(
                    "comments",
                    filter=Q(comments__resolution=MinutesComment.Resolution.OPEN),
                    distinct=True,
                ),
                members_n=Value(members, output_field=IntegerField()),
            )
        )

    @admin.display(description=_("reviews / ISC members"))
    def reviews_of_members(self, obj):
        if obj.status == Minutes.Status.DRAFT:
            return "—"
        return f"{obj.reviews_n} / {obj.members_n}"

    @admin.display(description=_("open comments"), ordering="open_n")
    def open_comments(self, obj):
        if not obj.open_n:
            return 0
        url = reverse("admin:governance_minutescomment_changelist")
        return format_html(
            '<a href="{}?minutes__id__exact={}&amp;resolution__exact=open">{}</a>',
            url,
            obj.pk,
            obj.open_n,
        )

    @admin.display(description=_("review"))
    def review_summary(self, obj):
        status = meeting_services.review_status(obj)
        rows = format_html_join(
            "",
            "<li>{} — {} ({})</li>",
            (
                (r.reviewer, r.get_verdict_display(), date_format(r.at, "DATETIME_FORMAT"))
                for r in status.reviews
            ),
        )
        waiting = ", ".join(str(u) for u in status.not_reviewed) or "—"
        return format_html(
            "<ul>{}</ul><p>{}: {}</p>",
            rows or format_html("<li>{}</li>", gettext("No review yet.")),
            gettext("Not reviewed yet"),
            waiting,
        )

    @admin.display(description=_("comments"))
    def comment_list(self, obj):
        comments = obj.comments.select_related("author", "agenda_item")
        return format_html_join(
            "",
            '<p><a href="{}">{} — {}: “{}”</a> [{}]</p>',
            (
                (
                    reverse("admin:governance_minutescomment_change", args=[c.pk]),
                    c.agenda_item,
                    c.author,
                    c.text[:120],
                    c.get_resolution_display(),
                )
                for c in comments
            ),
        ) or gettext("No comments.")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status not in meeting_services.EDITABLE:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Minutes.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would skip the per-object check above (published minutes stay).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            meeting_services.check_minutes_editable(obj)
            obj.save()
        else:
            meeting_services.start_minutes(meeting=obj.meeting, actor=request.user, instance=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.status == Minutes.Status.DRAFT:
            meeting_services.add_missing_items(minutes=form.instance)

    @admin.action(description=_("Circulate for review"))
    def circulate(self, request, queryset):
        return _minutes_action(
            self,
            request,
            queryset,
            form_class=CirculateForm,
            title=gettext("Circulate the minutes for review"),
            apply=lambda m, data: meeting_services.circulate_minutes(
                minutes=m, deadline=data["deadline"], actor=request.user
            ),
            done=gettext("%(n)s minutes circulated for review."),
        )

    @admin.action(description=_("Record the approval"))
    def approve(self, request, queryset):
        return _minutes_action(
            self,
            request,
            queryset,
            form_class=ApproveForm,
            title=gettext("Record the approval of the minutes"),
            apply=lambda m, data: meeting_services.approve_minutes(
                minutes=m, how=data["how"], approved_at=data["approved_at"], actor=request.user
            ),
            done=gettext("%(n)s minutes approved."),
        )

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        published = 0
        for minutes in queryset:
            try:
                meeting_services.publish_minutes(minutes=minutes, actor=request.user)
            except GovernanceError as exc:
                self.message_user(request, f"{minutes}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(
                request, gettext("%(n)s minutes published.") % {"n": published}, messages.SUCCESS
            )

    @admin.action(description=_("Correct with a new version"))
    def correct(self, request, queryset):
        return _minutes_action(
            self,
            request,
            queryset,
            form_class=CorrectionForm,
            title=gettext("Correct published minutes with a new version"),
            apply=lambda m, data: meeting_services.correct_published_minutes(
                minutes=m, change_note=data["change_note"], actor=request.user
            ),
            done=gettext("%(n)s new version(s) created as drafts."),
        )


@admin.register(MinutesComment)
class MinutesCommentAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    form = MinutesCommentAdminForm
    list_display = ["__str__", "minutes", "agenda_item", "author", "resolution", "resolved_by"]
    list_filter = ["resolution", "minutes__status", "minutes"]
    list_select_related = ["minutes__meeting", "agenda_item", "author", "resolved_by"]
    fields = [
        "minutes",
        "agenda_item",
        "author",
        "created_at",
        "text",
        "resolution",
        "answer",
        "resolved_by",
        "resolved_at",
    ]
    readonly_fields = [
        "minutes",
        "agenda_item",
        "author",
        "created_at",
        "text",
        "resolved_by",
        "resolved_at",
    ]

    def has_add_permission(self, request):
        return False  # comments come from ISC members in the portal

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.minutes.status != Minutes.Status.CIRCULATED:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        meeting_services.resolve_comment(
            comment=obj,
            resolution=form.cleaned_data["resolution"],
            answer=form.cleaned_data.get("answer", ""),
            actor=request.user,
        )
