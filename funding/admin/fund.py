"""Admin of the Technical Support Fund: the kinds of support, the rounds with their envelope
and rubric, and the applications, whose every step is a button calling its service.

An application is never added, edited or deleted by hand: its page shows what the city
wrote, the screening, the reviews' spread, the decision and the delivery, and the buttons
that apply to its status (screen, return, assign reviewers, approve, decline, amend, start
delivery, record a payment, close). Hub staff see and screen their hub's applications
only; approving and declining are the Management Unit's.
"""

import rules
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import ReadOnlyAdminMixin
from scn_portal.web.admin_actions import ask_then_apply_to_one
from scn_portal.web.admin_lists import LargeListAdminMixin
from scn_portal.web.admin_saving import ServiceSaveMixin, save_rows

from ..forms.fund import (
    AmendForm,
    ApproveForm,
    AssignReviewersForm,
    DeliveryForm,
    DisbursementForm,
    OptionalReasonForm,
    ReasonForm,
    ScreenForm,
)
from ..models import (
    Disbursement,
    FundApplication,
    FundReport,
    FundReview,
    FundRound,
    FundTransition,
    Milestone,
    RubricCriterion,
    SupportKind,
)
from ..selectors.fund import envelope_of, score_spread, visible_applications, with_committed
from ..services import fund as services
from ..workqueue import WAITING_PARAMETER, fund_reports_overdue, fund_reviews_due
from .sections import FUNDING

S = FundApplication.Status


def usd(value) -> str:
    return "—" if value is None else f"{number_format(value, 2, force_grouping=True)} USD"


@admin.register(SupportKind)
class SupportKindAdmin(ScopedChoicesMixin, TranslationAdmin):
    """The fund's own kinds of support (seeded; staff edit and add them)."""

    admin_section = FUNDING
    list_display = ["name", "code", "order", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False  # an unused kind is switched off, applications keep theirs


class RubricCriterionInline(ScopedChoicesMixin, TranslationTabularInline):
    model = RubricCriterion
    extra = 0
    fields = ["order", "title", "guidance", "weight"]


@admin.register(FundRound)
class FundRoundAdmin(ServiceSaveMixin, ScopedChoicesMixin, TranslationAdmin):
    """A round (or rolling window): its envelope, dates, what it funds and its rubric.
    Saved through ``services.fund.save_round``: the envelope never drops below what
    approvals commit; a criterion reviewers have scored no longer changes."""

    admin_section = FUNDING
    list_display = ["title", "kind", "opens_on", "closes_on", "envelope", "committed", "remaining"]
    filter_horizontal = ["priorities", "support_kinds"]
    readonly_fields = ["committed", "remaining"]
    inlines = [RubricCriterionInline]
    fields = [
        "title",
        "description",
        "kind",
        "opens_on",
        "closes_on",
        "envelope_usd",
        "committed",
        "remaining",
        "priorities",
        "support_kinds",
        "final_report_days",
    ]

    def get_queryset(self, request):
        # What each round's approvals commit, read with the rounds rather than row by row.
        return with_committed(super().get_queryset(request))

    def has_delete_permission(self, request, obj=None):
        return False  # applications refer to it; a round closes by its date

    @admin.display(description=_("budget envelope"))
    def envelope(self, obj: FundRound) -> str:
        return usd(obj.envelope_usd)

    @admin.display(description=_("committed"))
    def committed(self, obj: FundRound) -> str:
        return usd(envelope_of(obj).committed) if obj.pk else "—"

    @admin.display(description=_("remaining"))
    def remaining(self, obj: FundRound) -> str:
        return usd(envelope_of(obj).remaining) if obj.pk else "—"

    def save_model(self, request, obj, form, change):
        services.save_round(fund_round=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        save_rows(
            formset,
            add=lambda row: services.save_criterion(criterion=row, actor=request.user),
            change=lambda row, _changed: services.save_criterion(criterion=row, actor=request.user),
            remove=lambda row: services.remove_criterion(criterion=row, actor=request.user),
        )


class FundTransitionInline(ReadOnlyAdminMixin, ScopedChoicesMixin, admin.TabularInline):
    model = FundTransition
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("status history")


class FundReviewInline(ReadOnlyAdminMixin, ScopedChoicesMixin, admin.TabularInline):
    model = FundReview
    fields = ["reviewer", "conflicted", "conflict_note", "submitted_at", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class DisbursementInline(ReadOnlyAdminMixin, ScopedChoicesMixin, admin.TabularInline):
    model = Disbursement
    fields = ["paid_on", "amount_usd", "reference", "recorded_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class FundReportInline(ReadOnlyAdminMixin, ScopedChoicesMixin, admin.TabularInline):
    model = FundReport
    fields = ["kind", "due_on", "submitted_at", "summary", "file"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class MilestoneInline(ScopedChoicesMixin, admin.TabularInline):
    model = Milestone
    fields = ["title", "due_on", "done_on"]
    extra = 0


class WaitingFilter(admin.SimpleListFilter):
    """The applications behind each of the fund's work-queue lines (``funding.workqueue``)."""

    title = _("waiting for")
    parameter_name = WAITING_PARAMETER

    def lookups(self, request, model_admin):
        return [
            ("screening", _("Screening")),
            ("my_review", _("My review")),
            ("report_overdue", _("A report overdue")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "screening":
            return queryset.filter(status=S.SUBMITTED)
        if value == "my_review":
            return queryset.filter(pk__in=fund_reviews_due(request.user).values("application"))
        if value == "report_overdue":
            return queryset.filter(pk__in=fund_reports_overdue(request.user).values("application"))
        return queryset


@admin.register(FundApplication)
class FundApplicationAdmin(LargeListAdminMixin, ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = FUNDING
    change_form_template = "admin/funding/fundapplication_change_form.html"
    list_display = ["title", "local_government", "round", "hub", "status", "requested", "approved"]
    list_filter = [WaitingFilter, "status", "round", "hub"]
    list_select_related = ["local_government", "round", "hub"]
    search_fields = ["title", "local_government__name"]
    fields = [
        "local_government",
        "round",
        "hub",
        "status",
        "title",
        "need",
        "priorities",
        "support_kind",
        "other_cities",
        "starts_on",
        "ends_on",
        "timeline",
        "requested_usd",
        "in_kind_needs",
        "screening_note",
        "scores",
        "approved_usd",
        "conditions",
        "decision_reason",
        "disbursed",
        "delivery_activities",
        "delivery_experts",
        "submitted_at",
        "decided_at",
    ]
    readonly_fields = fields
    inlines = [
        FundTransitionInline,
        FundReviewInline,
        MilestoneInline,
        DisbursementInline,
        FundReportInline,
    ]

    def get_queryset(self, request):
        return visible_applications(request.user).select_related("local_government", "round", "hub")

    def has_add_permission(self, request):
        return False  # cities apply in the portal

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("requested"))
    def requested(self, obj: FundApplication) -> str:
        return usd(obj.requested_usd)

    @admin.display(description=_("approved"))
    def approved(self, obj: FundApplication) -> str:
        return usd(obj.approved_usd)

    @admin.display(description=_("disbursed"))
    def disbursed(self, obj: FundApplication) -> str:
        return usd(services.disbursed_usd(obj))

    @admin.display(description=_("activities delivering the grant"))
    def delivery_activities(self, obj: FundApplication) -> str:
        activities = obj.activities.order_by("starts_at", "pk")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            (
                (reverse("admin:hubs_activity_change", args=[activity.pk]), activity)
                for activity in activities
            ),
        ) or gettext("None recorded.")

    @admin.display(description=_("experts engaged from the pool"))
    def delivery_experts(self, obj: FundApplication) -> str:
        experts = obj.experts.select_related("person").order_by("person__full_name", "pk")
        return ", ".join(expert.person.full_name for expert in experts) or gettext("None recorded.")

    @admin.display(description=_("scores (weighted, out of 5)"))
    def scores(self, obj: FundApplication) -> str:
        spread = score_spread(obj)
        if not spread.weighted:
            return gettext("No scores yet.")
        values = format_html_join(", ", "{}", ((v,) for v in spread.weighted))
        return format_html(
            "{} — {}: {} · {}: {} · {}: {}",
            values,
            gettext("lowest"),
            spread.lowest,
            gettext("highest"),
            spread.highest,
            gettext("conflicted"),
            spread.conflicted,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Milestone:
            return super().save_formset(request, form, formset, change)
        application = form.instance

        def save(row):
            return services.record_milestone(
                application=application,
                title=row.title,
                due_on=row.due_on,
                done_on=row.done_on,
                milestone=row,
                actor=request.user,
            )

        save_rows(formset, add=save, change=lambda row, _changed: save(row))

    # --- The buttons of an application's page ---------------------------------------

    ACTIONS = {
        # name: (label, statuses, permission, form, apply(application, data, actor))
        "screen": (
            _("Screen…"),
            (S.SUBMITTED,),
            "funding.screen_application",
            ScreenForm,
            lambda a, d, u: services.screen_application(
                application=a, passed=d["passed"], note=d["note"], actor=u
            ),
        ),
        "return": (
            _("Return to the city…"),
            (S.SUBMITTED,),
            "funding.screen_application",
            ReasonForm,
            lambda a, d, u: services.return_to_draft(application=a, reason=d["reason"], actor=u),
        ),
        "reviewers": (
            _("Assign reviewers…"),
            (S.SCREENED, S.IN_REVIEW),
            "funding.decide_application",
            AssignReviewersForm,
            lambda a, d, u: services.assign_reviewers(
                application=a, reviewers=d["reviewers"], actor=u
            ),
        ),
        "approve": (
            _("Approve…"),
            (S.IN_REVIEW,),
            "funding.decide_application",
            ApproveForm,
            lambda a, d, u: services.approve_application(
                application=a,
                amount_usd=d["amount_usd"],
                conditions=d["conditions"],
                reason=d["reason"],
                actor=u,
            ),
        ),
        "decline": (
            _("Decline…"),
            (S.SUBMITTED, S.SCREENED, S.IN_REVIEW),
            "funding.decide_application",
            ReasonForm,
            lambda a, d, u: services.decline_application(
                application=a, reason=d["reason"], actor=u
            ),
        ),
        "amend": (
            _("Amend the approved amount…"),
            (S.APPROVED, S.IN_DELIVERY),
            "funding.decide_application",
            AmendForm,
            lambda a, d, u: services.amend_approved_amount(
                application=a, new_usd=d["amount_usd"], reason=d["reason"], actor=u
            ),
        ),
        "deliver": (
            _("Start delivery…"),
            (S.APPROVED,),
            "funding.decide_application",
            OptionalReasonForm,
            lambda a, d, u: services.start_delivery(application=a, actor=u),
        ),
        "delivery": (
            _("Record who delivers it…"),
            (S.APPROVED, S.IN_DELIVERY),
            "funding.record_delivery",
            DeliveryForm,
            lambda a, d, u: services.record_delivery(
                application=a,
                hub=d["hub"],
                activities=d["activities"],
                experts=d["experts"],
                actor=u,
            ),
        ),
        "disburse": (
            _("Record a payment…"),
            (S.APPROVED, S.IN_DELIVERY),
            "funding.decide_application",
            DisbursementForm,
            lambda a, d, u: services.record_disbursement(
                application=a,
                amount_usd=d["amount_usd"],
                paid_on=d["paid_on"],
                reference=d["reference"],
                actor=u,
            ),
        ),
        "close": (
            _("Close…"),
            (S.IN_DELIVERY,),
            "funding.decide_application",
            OptionalReasonForm,
            lambda a, d, u: services.close_application(application=a, reason=d["reason"], actor=u),
        ),
    }

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(self._action_view(name)),
                name="{}_{}_{}".format(*info, name),
            )
            for name in self.ACTIONS
        ] + super().get_urls()

    def actions_for(self, request, application) -> list[tuple[str, str]]:
        return [
            (name, label)
            for name, (label, statuses, permission, _form, _apply) in self.ACTIONS.items()
            if application.status in statuses
            and rules.has_perm(permission, request.user, application)
        ]

    def _action_view(self, name):
        label, _statuses, permission, form_class, apply = self.ACTIONS[name]

        def view(request, object_id):
            application = self.get_object(request, unquote(object_id))
            if application is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
            if not rules.has_perm(permission, request.user, application):
                raise PermissionDenied
            back = reverse("admin:funding_fundapplication_change", args=[application.pk])
            return ask_then_apply_to_one(
                self,
                request,
                application,
                form_class=form_class,
                title=str(label).rstrip("…"),
                apply=lambda obj, data: apply(obj, data, request.user),
                form_kwargs=(
                    {"application": application, "user": request.user}
                    if getattr(form_class, "takes_application", False)
                    else None
                ),
                done=lambda _result: (
                    gettext("Done: %(action)s") % {"action": str(label).rstrip("…")},
                    back,
                ),
            )

        return view

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, unquote(object_id))
        buttons = self.actions_for(request, application) if application is not None else []
        envelope = envelope_of(application.round) if application is not None else None
        extra_context = {
            **(extra_context or {}),
            "object_actions": buttons,
            "envelope": envelope,
        }
        return super().change_view(request, object_id, form_url, extra_context)
