"""Admin of minutes and their review (Management Unit staff).

Minutes are started, written, circulated (with a deadline), approved (how and when),
published and corrected with a new version through ``services.minutes``; each decision is
an admin action over the selected minutes. Approved and published minutes are shown
read-only and their forms refuse any change; comments are resolved one by one on the
comments page.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, IntegerField, Q, Value
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from modeltranslation.utils import build_localized_fieldname

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_actions import apply_to_each, ask_then_apply
from scn_portal.web.admin_saving import save_rows, take_saved

from ..forms.minutes import (
    ApproveForm,
    CirculateForm,
    CorrectionForm,
    MinutesAdminForm,
    MinutesCommentAdminForm,
    MinutesItemForm,
    MinutesItemFormSet,
)
from ..models import Minutes, MinutesComment, MinutesItem
from ..selectors.isc import current_isc_users
from ..selectors.minutes import review_status
from ..services import minutes as minutes_services


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
        if obj is not None and obj.status not in minutes_services.EDITABLE:
            return False
        return super().has_change_permission(request, obj)


TEXT_FIELDS = {build_localized_fieldname("text", code): code for code, _n in settings.LANGUAGES}


def _write_item(item: MinutesItem, changed: list[str], actor) -> None:
    texts = {TEXT_FIELDS[name]: getattr(item, name) for name in changed if name in TEXT_FIELDS}
    minutes_services.write_minutes_item(item=item, texts=texts, actor=actor)


def _decide_each(service, done, *, form_class=None, title=""):
    """An admin action that calls ``service`` for each selected minutes, with what
    ``form_class`` asks first if there is one (its fields are the service's arguments).
    ``done``: the success message, ``%(n)s`` the number of minutes."""

    def action(modeladmin, request, queryset):
        def apply(minutes, data=None):
            return service(minutes=minutes, actor=request.user, **(data or {}))

        def succeeded(n):
            return str(done) % {"n": n}

        if form_class is None:
            return apply_to_each(modeladmin, request, queryset, apply, done=succeeded)
        return ask_then_apply(
            modeladmin,
            request,
            queryset,
            form_class=form_class,
            title=str(title),
            apply=apply,
            done=succeeded,
        )

    return action


@admin.register(Minutes)
class MinutesAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = "isc"
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
        members = current_isc_users().count()
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
        status = review_status(obj)
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
        if obj is not None and obj.status not in minutes_services.EDITABLE:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Minutes ISC members have read (circulated, approved, published) are history;
        # a draft never circulated is the secretariat's working copy, and may go.
        if obj is not None and obj.status != Minutes.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would skip the per-object check above (published minutes stay).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        # Every field of saved minutes is read-only here: their items are written by
        # save_formset, their status changes by the actions.
        if not change:
            take_saved(obj, minutes_services.start_minutes(meeting=obj.meeting, actor=request.user))

    def save_formset(self, request, form, formset, change):
        save_rows(
            formset,
            add=None,  # no item is added here (has_add_permission)
            change=lambda item, changed: _write_item(item, changed, request.user),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.status == Minutes.Status.DRAFT:
            minutes_services.add_missing_items(minutes=form.instance)

    circulate = admin.action(description=_("Circulate for review"))(
        _decide_each(
            minutes_services.circulate_minutes,
            _("%(n)s minutes circulated for review."),
            form_class=CirculateForm,
            title=_("Circulate the minutes for review"),
        )
    )
    approve = admin.action(description=_("Record the approval"))(
        _decide_each(
            minutes_services.approve_minutes,
            _("%(n)s minutes approved."),
            form_class=ApproveForm,
            title=_("Record the approval of the minutes"),
        )
    )
    publish = admin.action(description=_("Publish"))(
        _decide_each(minutes_services.publish_minutes, _("%(n)s minutes published."))
    )
    correct = admin.action(description=_("Correct with a new version"))(
        _decide_each(
            minutes_services.correct_published_minutes,
            _("%(n)s new version(s) created as drafts."),
            form_class=CorrectionForm,
            title=_("Correct published minutes with a new version"),
        )
    )


@admin.register(MinutesComment)
class MinutesCommentAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = "isc"
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
        minutes_services.resolve_comment(
            comment=obj,
            resolution=form.cleaned_data["resolution"],
            answer=form.cleaned_data.get("answer", ""),
            actor=request.user,
        )
