"""Admin of ISC meetings, with their agenda, papers and attendance (Management Unit staff).

A meeting is scheduled and changed through ``services.meetings`` from its local time and
time zone; papers are added through the same services (PDF only). The agenda and the
attendance list are plain rows (audited). A meeting that has taken place is not deleted.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_lists import choice_label
from scn_portal.web.admin_saving import save_rows, take_saved

from ..forms.meetings import MeetingAdminForm, MeetingPaperForm
from ..models import AgendaItem, Attendance, Meeting, MeetingPaper
from ..selectors.meetings import local_start, years_with_too_few_meetings
from ..services import meetings as meeting_services


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


def _details(form) -> dict:
    """What the form says about the meeting, as ``services.meetings.MeetingDetails``."""
    data = form.cleaned_data
    titles = {
        code: data[build_localized_fieldname("title", code)] for code, _n in settings.LANGUAGES
    }
    return {
        "title": titles.pop(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
        "translations": titles,
        "local": data["local_start"],
        "time_zone": data["time_zone"],
        "format": data["format"],
        "place": data["place"],
        "link": data["link"],
        "duration_minutes": data["duration_minutes"],
    }


@admin.register(Meeting)
class MeetingAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = "isc"
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
        return f"{date_format(local_start(obj), 'DATETIME_FORMAT')} ({obj.time_zone})"

    @admin.display(description=_("papers"), ordering="papers_n")
    def n_papers(self, obj):
        return obj.papers_n

    @admin.display(description=_("minutes"))
    def minutes_status(self, obj):
        # Read for the whole page at once in get_changelist_instance below.
        versions = list(obj.minutes.all())
        if not versions:
            return "—"
        latest = max(versions, key=lambda m: m.version)
        return f"v{latest.version}: {choice_label(latest, 'status')}"

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The page's rows are read when the change list is made: their minutes, in one query.
        prefetch_related_objects(changelist.result_list, "minutes")
        return changelist

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            for year, count in years_with_too_few_meetings():
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

    def has_delete_permission(self, request, obj=None):
        # A meeting that has taken place is history (its attendance, its minutes); one
        # still to come may be called off.
        if obj is not None and obj.starts_at <= timezone.now():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would skip the per-meeting check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            meeting_services.change_meeting(meeting=obj, actor=request.user, **_details(form))
        else:
            take_saved(obj, meeting_services.schedule_meeting(actor=request.user, **_details(form)))

    def save_formset(self, request, form, formset, change):
        if formset.model is not MeetingPaper:
            return super().save_formset(request, form, formset, change)
        save_rows(
            formset,
            add=lambda paper: meeting_services.add_paper(
                meeting=form.instance, title=paper.title, file=paper.file, actor=request.user
            ),
            change=lambda paper, changed: meeting_services.change_paper(
                paper=paper,
                title=paper.title,
                file=paper.file if "file" in changed else None,
                actor=request.user,
            ),
        )
