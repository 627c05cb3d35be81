"""The Management Unit's admin of the ground floor.

Applications are decided here: the Membership list is the applications queue, and its
actions (approve, reject, ask for more information) go through ``members.services``,
which own the state machine and queue the decision email. Nothing here changes a
status directly. Hub staff see only their hub's regions (``RegionScopedAdminMixin``) and
hold no decide rights (see ``scn_portal.accounts.scoping.HUB_STAFF_PERMISSIONS``).
"""

import csv
import io
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, When
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.scoping import (
    RegionScopedAdminMixin,
    ScopedChoicesMixin,
    visible_region_ids,
)

from .admin_forms import DisputedTerritoryForm, EligibilityOverrideForm, ReasonForm
from .errors import MembershipError
from .models import (
    LOCATION_FIELDS,
    ActingClaim,
    Commitment,
    CountryRegion,
    DisputedTerritory,
    EligibilityOverride,
    GuidingPrinciple,
    Invitation,
    LocalGovernment,
    LocationChange,
    Membership,
    MembershipTerms,
    MembershipTransition,
    Official,
    Organisation,
    Person,
    PrincipleVersion,
    Region,
    StrategicPriority,
    TerritoryMatch,
)
from .services import applications, claims, invitations, locations, people, screening

# An application waits for staff while it is under review (or found ineligible).
WAITING_STATUSES = (Membership.Status.UNDER_REVIEW, Membership.Status.INELIGIBLE)
NAME_FIELDS = ("name_en", "name_ar", "name_fr", "name_es")


@admin.register(Region)
class RegionAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(CountryRegion)
class CountryRegionAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["country", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]


@admin.register(StrategicPriority)
class StrategicPriorityAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["number", "title", "code"]


class GuidingPrincipleInline(ScopedChoicesMixin, TranslationTabularInline):
    model = GuidingPrinciple
    extra = 0


@admin.register(PrincipleVersion)
class PrincipleVersionAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["label", "effective_on"]
    inlines = [GuidingPrincipleInline]


@admin.register(MembershipTerms)
class MembershipTermsAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["label", "effective_on"]


@admin.register(Organisation)
class OrganisationAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name"]


# --- Shared pieces: eligibility as stored, scoped filters, exports --------------------


def _with_eligibility(queryset, prefix: str = "local_government__"):
    """Prefetch what the eligibility column shows, in two queries for the whole page."""
    return queryset.prefetch_related(
        Prefetch(
            f"{prefix}territory_matches",
            queryset=TerritoryMatch.objects.select_related("territory").order_by("pk"),
        ),
        Prefetch(
            f"{prefix}eligibility_overrides",
            queryset=EligibilityOverride.objects.only("pk", "local_government_id", "territory_id"),
        ),
    )


def eligibility_summary(local_government: LocalGovernment) -> tuple[str, list[TerritoryMatch]]:
    """("eligible" | "inside" | "overridden", the matches that decide it) from stored rows."""
    cleared = {o.territory_id for o in local_government.eligibility_overrides.all()}
    matches = list(local_government.territory_matches.all())
    inside = [m for m in matches if m.territory_id not in cleared]
    if inside:
        return "inside", inside
    if matches:
        return "overridden", matches
    return "eligible", []


def eligibility_text(local_government: LocalGovernment) -> str:
    result, matches = eligibility_summary(local_government)
    if result == "eligible":
        return gettext("Eligible: in no disputed territory")
    found = "; ".join(f"{m.territory.name} ({m.get_rule_display()})" for m in matches)
    if result == "inside":
        return gettext("Inside a disputed territory: %(found)s") % {"found": found}
    return gettext("Reviewed false positive (overridden): %(found)s") % {"found": found}


def _open_match(outer: str = "local_government"):
    """A stored match of the row's city that no override clears."""
    overridden = EligibilityOverride.objects.filter(
        local_government=OuterRef("local_government"), territory=OuterRef("territory")
    )
    return TerritoryMatch.objects.filter(local_government=OuterRef(outer)).filter(
        ~Exists(overridden)
    )


class EligibilityFilter(admin.SimpleListFilter):
    title = _("eligibility")
    parameter_name = "eligibility"

    def lookups(self, request, model_admin):
        return [
            ("eligible", _("Eligible")),
            ("inside", _("Inside a disputed territory")),
            ("overridden", _("Overridden (reviewed false positive)")),
        ]

    def queryset(self, request, queryset):
        any_match = TerritoryMatch.objects.filter(local_government=OuterRef("local_government"))
        if self.value() == "eligible":
            return queryset.filter(~Exists(any_match))
        if self.value() == "inside":
            return queryset.filter(Exists(_open_match()))
        if self.value() == "overridden":
            return queryset.filter(Exists(any_match)).filter(~Exists(_open_match()))
        return queryset


class CommitmentFilter(admin.SimpleListFilter):
    """Which members must recommit since a new version of the principles took effect."""

    title = _("commitment to the guiding principles")
    parameter_name = "commitment"

    def lookups(self, request, model_admin):
        return [
            ("current", _("To the version in force")),
            ("older", _("To an older version: recommitment needed")),
            ("none", _("None")),
        ]

    def queryset(self, request, queryset):
        current = PrincipleVersion.objects.current()
        committed = Commitment.objects.filter(local_government=OuterRef("local_government"))
        if self.value() == "none":
            return queryset.filter(~Exists(committed))
        if current is None:
            return queryset
        to_current = committed.filter(version=current)
        if self.value() == "current":
            return queryset.filter(Exists(to_current))
        if self.value() == "older":
            return queryset.filter(Exists(committed)).filter(~Exists(to_current))
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting for a decision")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("7", _("More than 7 days")),
            ("14", _("More than 14 days")),
            ("30", _("More than 30 days")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {"7", "14", "30"}:
            since = timezone.now() - timedelta(days=int(self.value()))
            return queryset.filter(status__in=WAITING_STATUSES, submitted_at__lt=since)
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("Open applications")), *Membership.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(status__in=Membership.OPEN_APPLICATION)
        if self.value() in Membership.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """Countries of the rows this staff member may see (never another hub's)."""

    title = _("country")
    parameter_name = "country"
    country_lookup = "local_government__country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list(self.country_lookup, flat=True)
            .distinct()
        )
        field = LocalGovernment._meta.get_field("country")
        names = dict(field.get_choices(include_blank=False))
        return sorted(((c, names.get(c, c)) for c in set(codes) if c), key=lambda x: str(x[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.country_lookup: self.value()})
        return queryset


class RegionFilter(admin.SimpleListFilter):
    """Regions this staff member may see."""

    title = _("region")
    parameter_name = "region"
    region_lookup = "local_government__region"

    def lookups(self, request, model_admin):
        regions = Region.objects.all()
        allowed = visible_region_ids(request.user)
        if allowed is not None:
            regions = regions.filter(pk__in=allowed)
        return [(str(r.pk), r.name) for r in regions]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{f"{self.region_lookup}_id": int(self.value())})
        return queryset


def safe_cell(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class DerivedMatchesMixin:
    """Stored matches are derived data: they go with their city or territory, even though
    nobody deletes one by hand."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(TerritoryMatch._meta.verbose_name))
        return deleted, counts, perms_needed, protected


class DecisionActionsMixin:
    """Run a service over the selected rows: a refusal is an error for that row only."""

    def _apply_service(self, request, queryset, service, *, done, label, **kwargs) -> None:
        succeeded = 0
        for obj in queryset:
            try:
                service(**{self.service_argument: obj}, actor=request.user, **kwargs)
            except MembershipError as exc:
                self.message_user(
                    request, f"{label(obj)}: {' '.join(exc.messages)}", level=messages.ERROR
                )
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done(succeeded), level=messages.SUCCESS)

    def _with_reason(self, request, queryset, service, *, title, done, label):
        """An intermediate page asks for the reason; nothing changes until it is given."""
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                self._apply_service(
                    request,
                    queryset,
                    service,
                    done=done,
                    label=label,
                    reason=form.cleaned_data["reason"],
                )
                return None
        else:
            form = ReasonForm()
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/members/action_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "objects": [(obj.pk, label(obj)) for obj in queryset],
                "action": request.POST.get("action", ""),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "media": self.media,
            },
        )


# --- Local governments ---------------------------------------------------------------


class OfficialInline(ScopedChoicesMixin, admin.TabularInline):
    model = Official
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(DerivedMatchesMixin, RegionScopedAdminMixin, TranslationAdmin):
    list_display = ["name", "kind", "country", "region", "population", "membership_status"]
    list_filter = ["region", "kind", "membership__status"]
    list_select_related = ["region", "membership"]
    search_fields = [*NAME_FIELDS, "subdivision"]
    filter_horizontal = ["priorities"]
    inlines = [OfficialInline]

    @admin.display(description=_("membership"), ordering="membership__status")
    def membership_status(self, obj: LocalGovernment) -> str:
        try:
            return obj.membership.get_status_display()
        except ObjectDoesNotExist:
            return "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            allowed = visible_region_ids(request.user)
            if allowed is not None:
                kwargs["queryset"] = Region.objects.filter(pk__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # What the eligibility check reads is changed only by those who decide changes of
        # location (hub staff propose nothing here: they see the fields).
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("members.review_location_change"):
            fields += [*LOCATION_FIELDS, "region"]
        return fields

    def save_model(self, request, obj, form, change):
        # The region follows the country unless staff chose one themselves.
        if obj.region_id is None or (
            "country" in form.changed_data and "region" not in form.changed_data
        ):
            derived = obj.derive_region()
            if derived is not None:
                obj.region = derived
        super().save_model(request, obj, form, change)
        if not change or set(LOCATION_FIELDS) & set(form.changed_data):
            locations.record_staff_location_change(local_government=obj, actor=request.user)


# --- The applications queue ----------------------------------------------------------


class MembershipTransitionInline(ScopedChoicesMixin, admin.TabularInline):
    """The status history, newest first; never edited."""

    model = MembershipTransition
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    ordering = ["-at", "-pk"]
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("members.view_membership")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Membership)
class MembershipAdmin(DecisionActionsMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """The applications queue: filter, read the eligibility result, decide, export."""

    region_lookup = "local_government__region"
    service_argument = "membership"
    list_display = [
        "city",
        "country",
        "region",
        "status",
        "eligibility",
        "submitted_at",
        "waiting",
        "joined_on",
    ]
    list_filter = [
        StatusFilter,
        RegionFilter,
        CountryFilter,
        EligibilityFilter,
        CommitmentFilter,
        WaitingFilter,
    ]
    list_select_related = ["local_government__region"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]
    autocomplete_fields = ["local_government"]
    inlines = [MembershipTransitionInline]
    actions = [
        "approve",
        "reject",
        "request_information",
        "export_csv",
        "export_xlsx",
    ]
    readonly_fields = [
        "city",
        "status",
        "eligibility_detail",
        "commitment",
        "contacts",
        "submitted_at",
        "status_changed_at",
        "application_started_at",
        "applied_by",
    ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["local_government"]
        return [
            "city",
            "status",
            "eligibility_detail",
            "commitment",
            "contacts",
            "submitted_at",
            "status_changed_at",
            "joined_on",
            "terms",
            "application_started_at",
            "applied_by",
        ]

    def get_queryset(self, request):
        return _with_eligibility(super().get_queryset(request))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/commitments/<int:commitment_id>/letter/",
                self.admin_site.admin_view(self.letter_view),
                name="{}_{}_letter".format(*info),
            ),
            *super().get_urls(),
        ]

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("members.decide_membership")

    # Columns and read-only fields

    @admin.display(description=_("city"), ordering="local_government__name")
    def city(self, obj: Membership) -> str:
        return obj.local_government.name

    @admin.display(description=_("country"), ordering="local_government__country")
    def country(self, obj: Membership) -> str:
        return obj.local_government.country.name

    @admin.display(description=_("region"), ordering="local_government__region__order")
    def region(self, obj: Membership) -> str:
        return str(obj.local_government.region or "—")

    @admin.display(description=_("eligibility"))
    def eligibility(self, obj: Membership) -> str:
        return eligibility_text(obj.local_government)

    @admin.display(description=_("eligibility check"))
    def eligibility_detail(self, obj: Membership) -> str:
        result, matches = eligibility_summary(obj.local_government)
        if result == "eligible":
            return eligibility_text(obj.local_government)
        rows = format_html_join(
            "",
            "<li>{} — {}: {}</li>",
            (
                (
                    m.territory.name,
                    m.get_rule_display(),
                    m.territory.reference,
                )
                for m in matches
            ),
        )
        heading = (
            _("Inside a disputed territory")
            if result == "inside"
            else _("Overridden (reviewed false positive)")
        )
        return format_html("<strong>{}</strong><ul>{}</ul>", heading, rows)

    @admin.display(description=_("waiting"), ordering="submitted_at")
    def waiting(self, obj: Membership) -> str:
        if obj.status not in WAITING_STATUSES or obj.submitted_at is None:
            return "—"
        days = (timezone.now() - obj.submitted_at).days
        return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}

    @admin.display(description=_("commitment to the guiding principles"))
    def commitment(self, obj: Membership) -> str:
        commitments = Commitment.objects.filter(
            local_government=obj.local_government_id
        ).select_related("version")
        if not commitments:
            return gettext("None yet.")
        rows = []
        for c in commitments:
            letter = "—"
            if c.letter:
                url = reverse(
                    f"{self.admin_site.name}:members_membership_letter", args=[obj.pk, c.pk]
                )
                letter = format_html(
                    '<a href="{}">{}</a>', url, gettext("Download the signed letter")
                )
            rows.append(
                (
                    c.version,
                    c.signatory_name,
                    c.signatory_title,
                    c.get_signatory_role_display(),
                    c.signed_on,
                    letter,
                )
            )
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: {}, {} ({}), {} — {}</li>", rows),
        )

    @admin.display(description=_("contacts"))
    def contacts(self, obj: Membership) -> str:
        officials = Official.objects.filter(
            local_government=obj.local_government_id
        ).select_related("person")
        if not officials:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {}, {}{}</li>",
                (
                    (
                        o.person.full_name,
                        o.get_role_display(),
                        o.person.email or "—",
                        "" if o.is_active else format_html(" ({})", gettext("inactive")),
                    )
                    for o in officials
                ),
            ),
        )

    # The signed letter: only through this view, only to staff who may see the row.

    def letter_view(self, request, object_id, commitment_id):
        membership = self.get_object(request, unquote(object_id))
        if membership is None or not self.has_view_permission(request, membership):
            # Outside the staff member's regions it "does not exist"; that is a refusal.
            raise Refused
        commitment = get_object_or_404(
            Commitment, pk=commitment_id, local_government_id=membership.local_government_id
        )
        if not commitment.letter:
            raise Http404
        name = slugify(membership.local_government.name_en or "city") or "city"
        return FileResponse(
            commitment.letter.open("rb"),
            as_attachment=True,
            filename=f"commitment-{name}-{commitment.signed_on:%Y-%m-%d}.pdf",
            content_type="application/pdf",
        )

    # Decisions: each through the service; a refusal leaves that row as it was.

    @staticmethod
    def _label(obj: Membership) -> str:
        return obj.local_government.name

    @admin.action(description=_("Approve the selected applications"), permissions=["decide"])
    def approve(self, request, queryset):
        self._apply_service(
            request,
            queryset,
            applications.approve_membership,
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d application approved.", "%(count)d applications approved.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Reject the selected applications"), permissions=["decide"])
    def reject(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            applications.reject_membership,
            title=_("Reject these applications"),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d application rejected.", "%(count)d applications rejected.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Ask the applicants for more information"), permissions=["decide"])
    def request_information(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            applications.request_more_information,
            title=_("Ask for more information"),
            label=self._label,
            done=lambda n: (
                ngettext(
                    "%(count)d application sent back to the applicant.",
                    "%(count)d applications sent back to the applicants.",
                    n,
                )
                % {"count": n}
            ),
        )

    # Exports of what the filters selected (the queryset is already scoped to the hub).

    def export_header(self) -> list[str]:
        return [
            gettext("City"),
            gettext("Country"),
            gettext("Region"),
            gettext("Kind"),
            gettext("Status"),
            gettext("Submitted"),
            gettext("Joined"),
            gettext("Eligibility"),
        ]

    def export_rows(self, queryset):
        for m in queryset:
            lg = m.local_government
            yield [
                lg.name,
                lg.country.name,
                str(lg.region or ""),
                lg.get_kind_display(),
                m.get_status_display(),
                timezone.localtime(m.submitted_at).date() if m.submitted_at else None,
                m.joined_on,
                eligibility_text(lg),
            ]

    def _filename(self, extension: str) -> str:
        return f"memberships-{timezone.localdate():%Y-%m-%d}.{extension}"

    @admin.action(description=_("Export the selected rows to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so spreadsheet programs read Arabic names as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(self.export_header())
        for row in self.export_rows(queryset):
            writer.writerow(["" if v is None else safe_cell(str(v)) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self._filename("csv")}"'
        return response

    @admin.action(description=_("Export the selected rows to Excel"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(_("Memberships"))[:31])
        sheet.append(self.export_header())
        for row in self.export_rows(queryset):
            sheet.append([safe_cell(v) for v in row])
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self._filename("xlsx")}"'
        return response


# --- People and claims to act for a city ---------------------------------------------


class PersonOfficialInline(RegionScopedAdminMixin, admin.TabularInline):
    """The cities a person acts for. Hub staff see and add only their region's: a person
    they add must act for one of their cities."""

    model = Official
    fk_name = "person"
    region_lookup = "local_government__region"
    extra = 0
    autocomplete_fields = ["local_government"]
    verbose_name = _("acts for")
    verbose_name_plural = _("acts for")

    def get_formset(self, request, obj=None, **kwargs):
        if obj is None and visible_region_ids(request.user) is not None:
            kwargs.update(min_num=1, validate_min=True)
        return super().get_formset(request, obj, **kwargs)


class AccountLinkForm(forms.Form):
    def __init__(self, *args, admin_site, **kwargs):
        from django.contrib.admin.widgets import AutocompleteSelect
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(
            label=_("User account"),
            queryset=get_user_model().objects.filter(is_active=True, erased_at__isnull=True),
            required=False,
            widget=AutocompleteSelect(Person._meta.get_field("user"), admin_site),
            help_text=_("Leave empty to unlink the person from any account."),
        )


@admin.register(Person)
class PersonAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "officials__local_government__region"
    list_display = ["__str__", "email", "title", "user"]
    search_fields = ["full_name", "email"]
    fields = ["full_name", "email", "gender", "title", "account", "personal_data", "erased_at"]
    # Which account acts as this person is changed only through "Link to an account…"
    # (members.link_person_account), never by editing the form.
    readonly_fields = ["account", "personal_data", "erased_at"]
    inlines = [PersonOfficialInline]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/account/",
                self.admin_site.admin_view(self.account_view),
                name="{}_{}_account".format(*info),
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("user account"))
    def account(self, obj):
        if obj is None or obj.pk is None or not obj.user_id:
            return gettext("No account")
        return obj.user.email

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "may_link_account": self._may_link(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _may_link(request) -> bool:
        return request.user.has_perm("members.link_person_account")

    def account_view(self, request, object_id):
        person = self.get_object(request, unquote(object_id))
        if person is None or not self._may_link(request):
            raise Refused
        form = AccountLinkForm(
            request.POST or None,
            admin_site=self.admin_site,
            initial={"user": person.user_id},
        )
        if request.method == "POST" and form.is_valid():
            try:
                people.link_person_to_account(
                    person=person, user=form.cleaned_data["user"], actor=request.user
                )
            except MembershipError as exc:
                form.add_error("user", exc)
            else:
                self.message_user(
                    request,
                    gettext("The account linked to %(person)s is changed; they are told by email.")
                    % {"person": person},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(f"{self.admin_site.name}:members_person_change", args=[person.pk])
                )
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/members/person_account.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Link %(person)s to an account") % {"person": person},
                "person": person,
                "form": form,
                "opts": self.model._meta,
                "media": self.media + form.media,
            },
            status=400 if form.errors else 200,
        )

    @admin.display(description=_("personal data"))
    def personal_data(self, obj):
        """A link to everything the portal holds about this person (Management Unit only)."""
        if obj is None or obj.pk is None:
            return "—"
        export = reverse("web:personal_data_export", kwargs={"code": obj.code})
        erase = reverse("web:personal_data_erase", kwargs={"code": obj.code})
        if obj.erased_at:
            return format_html('<a href="{}">{}</a>', export, _("Export as JSON"))
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            export,
            _("Export as JSON"),
            erase,
            _("Erase personal data…"),
        )


@admin.register(ActingClaim)
class ActingClaimAdmin(DecisionActionsMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """Requests to act for a known city; confirming one grants access to its pages."""

    region_lookup = "local_government__region"
    service_argument = "claim"
    list_display = [
        "user",
        "local_government",
        "role",
        "position",
        "status",
        "created_at",
        "decided_by",
    ]
    list_filter = ["status", "role", ("local_government__region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "local_government", "decided_by"]
    search_fields = [
        "user__email",
        "user__full_name",
        *(f"local_government__{f}" for f in NAME_FIELDS),
    ]
    readonly_fields = [
        "user",
        "local_government",
        "role",
        "position",
        "note",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    fields = readonly_fields
    actions = ["confirm", "refuse"]

    def has_add_permission(self, request):
        return False  # people ask from the member portal

    @staticmethod
    def _label(claim: ActingClaim) -> str:
        return f"{claim.user} → {claim.local_government.name}"

    @admin.action(description=_("Confirm the selected requests"), permissions=["change"])
    def confirm(self, request, queryset):
        self._apply_service(
            request,
            queryset,
            claims.confirm_acting_claim,
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d request confirmed.", "%(count)d requests confirmed.", n)
                % {"count": n}
            ),
        )

    @admin.action(description=_("Refuse the selected requests"), permissions=["change"])
    def refuse(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            claims.refuse_acting_claim,
            title=_("Refuse these requests"),
            label=self._label,
            done=lambda n: (
                ngettext("%(count)d request refused.", "%(count)d requests refused.", n)
                % {"count": n}
            ),
        )


# --- The disputed-territory list and the eligibility check ---------------------------


@admin.register(DisputedTerritory)
class DisputedTerritoryAdmin(ScopedChoicesMixin, DerivedMatchesMixin, TranslationAdmin):
    """Staff keep the list; every change re-screens members and applicants (Celery)."""

    form = DisputedTerritoryForm
    fields = [
        "name",
        "countries",
        "subdivision_codes",
        "boundary",
        "boundary_file",
        "reference",
        "is_active",
    ]
    list_display = [
        "name",
        "country_codes",
        "codes",
        "has_boundary",
        "is_active",
        "cities_inside",
        "updated_at",
    ]
    list_filter = ["is_active"]
    search_fields = [*NAME_FIELDS, "reference"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(inside=Count("matches__local_government", distinct=True))
        )

    @admin.display(description=_("countries"))
    def country_codes(self, obj: DisputedTerritory) -> str:
        return ", ".join(obj.countries or [])

    @admin.display(description=_("ISO 3166-2 codes"))
    def codes(self, obj: DisputedTerritory) -> str:
        return ", ".join(obj.subdivision_codes or []) or "—"

    @admin.display(description=_("boundary"), boolean=True)
    def has_boundary(self, obj: DisputedTerritory) -> bool:
        return bool(obj.boundary)

    @admin.display(description=_("members and applicants inside"), ordering="inside")
    def cities_inside(self, obj: DisputedTerritory) -> str:
        url = reverse("admin:members_territorymatch_changelist") + f"?territory__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.inside)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        screening.disputed_territories_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        screening.disputed_territories_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        screening.disputed_territories_changed()


@admin.register(TerritoryMatch)
class TerritoryMatchAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """What the check found: the members and applicants a change of the list affects."""

    region_lookup = "local_government__region"
    list_display = [
        "local_government",
        "country",
        "region",
        "status",
        "territory",
        "rule",
        "found_at",
    ]
    list_filter = [
        "territory",
        "rule",
        ("local_government__membership__status", admin.ChoicesFieldListFilter),
        "local_government__region",
    ]
    list_select_related = ["local_government__region", "local_government__membership", "territory"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("country"), ordering="local_government__country")
    def country(self, obj: TerritoryMatch) -> str:
        return obj.local_government.country.name

    @admin.display(description=_("region"))
    def region(self, obj: TerritoryMatch) -> str:
        return str(obj.local_government.region or "—")

    @admin.display(description=_("membership"), ordering="local_government__membership__status")
    def status(self, obj: TerritoryMatch) -> str:
        try:
            return obj.local_government.membership.get_status_display()
        except ObjectDoesNotExist:
            return "—"


@admin.register(EligibilityOverride)
class EligibilityOverrideAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Reviewed false positives: recorded by staff with the dedicated permission, then kept
    as they are (never edited or deleted)."""

    region_lookup = "local_government__region"
    form = EligibilityOverrideForm
    list_display = ["local_government", "territory", "recorded_by", "recorded_at"]
    list_filter = ["territory"]
    list_select_related = ["local_government", "territory", "recorded_by"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]
    autocomplete_fields = ["local_government", "territory"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["local_government", "territory", "justification", "recorded_by", "recorded_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["local_government", "territory", "justification"]
        return self.get_readonly_fields(request, obj)

    def has_add_permission(self, request):
        return request.user.has_perm("members.override_eligibility")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        override = screening.record_eligibility_override(
            local_government=obj.local_government,
            territory=obj.territory,
            justification=obj.justification,
            actor=request.user,
        )
        obj.pk = override.pk
        obj.recorded_by = override.recorded_by
        obj.recorded_at = override.recorded_at
        obj._state.adding = False


class SentFilter(admin.SimpleListFilter):
    title = _("sent")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("yes", _("Sent")), ("no", _("Not sent"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Invitations officials sent to colleagues: read here, sent again if the email did not
    go out. They are written by the portal, never by hand."""

    region_lookup = "local_government__region"
    list_display = ["email", "local_government", "language", "invited_by", "created_at", "sent_at"]
    list_filter = [SentFilter, "language"]
    list_select_related = ["local_government", "invited_by"]
    search_fields = ["email", *(f"local_government__{field}" for field in NAME_FIELDS)]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # they expire after INVITATION_RETENTION_DAYS, audit copies included

    def has_resend_permission(self, request):
        return request.user.has_perm("members.change_invitation")

    @admin.action(
        description=_("Send the selected invitations that did not go out"),
        permissions=["resend"],
    )
    def send_again(self, request, queryset):
        n = invitations.send_invitations_again(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d invitation will be sent again.",
                "%(count)d invitations will be sent again.",
                n,
            )
            % {"count": n},
            messages.SUCCESS if n else messages.WARNING,
        )


@admin.register(LocationChange)
class LocationChangeAdmin(DecisionActionsMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """Locations officials proposed for their city: the city keeps its recorded location
    (and any disputed-territory match) until staff accept one here."""

    region_lookup = "local_government__region"
    service_argument = "change"
    list_display = ["local_government", "change_summary", "status", "proposed_by", "proposed_at"]
    list_filter = ["status", ("local_government__region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["local_government", "proposed_by"]
    search_fields = [f"local_government__{field}" for field in NAME_FIELDS]
    fields = [
        "local_government",
        "change_summary",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    readonly_fields = fields
    actions = ["accept", "refuse"]

    def has_add_permission(self, request):
        return False  # officials propose from the member portal

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("members.review_location_change")

    def get_queryset(self, request):
        # What waits for a decision comes first, oldest first; then the decided, newest first.
        waiting = Case(When(status=LocationChange.Status.PENDING, then=0), default=1)
        return (
            super()
            .get_queryset(request)
            .annotate(waiting=waiting)
            .order_by("waiting", Case(When(waiting=0, then="proposed_at")), "-proposed_at")
        )

    @admin.display(description=_("change"))
    def change_summary(self, obj: LocationChange) -> str:
        rows = obj.differences()
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: <bdi>{}</bdi> → <bdi>{}</bdi></li>",
                ((str(label).capitalize(), before, after) for label, before, after in rows),
            ),
        )

    @staticmethod
    def _label(obj: LocationChange) -> str:
        return obj.local_government.name

    @admin.action(description=_("Accept the selected changes of location"), permissions=["review"])
    def accept(self, request, queryset):
        self._apply_service(
            request,
            queryset,
            locations.accept_location_change,
            label=self._label,
            done=lambda n: (
                ngettext(
                    "%(count)d change of location accepted.",
                    "%(count)d changes of location accepted.",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(description=_("Refuse the selected changes of location"), permissions=["review"])
    def refuse(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            locations.refuse_location_change,
            title=_("Refuse these changes of location"),
            label=self._label,
            done=lambda n: (
                ngettext(
                    "%(count)d change of location refused.",
                    "%(count)d changes of location refused.",
                    n,
                )
                % {"count": n}
            ),
        )
