"""Admin of activities, their documents and registrations.

Management Unit staff see every activity; hub staff see and change only their hub's (and
the registrations for them), and may organise only for their own hub. Every save goes
through ``hubs.services.activities``; a refusal shows on the form, nothing half-saved.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from governance.forms.meetings import LocalDateTimeField, time_zone_choices
from governance.services.meetings import meeting_start
from scn_portal.accounts.rules import is_mu_staff
from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import AdminSection, register_admin_section
from scn_portal.web.admin_lists import LargeListAdminMixin
from scn_portal.web.admin_saving import ServiceSaveMixin, save_rows, take_saved

from ..models import Activity, ActivityDocument, ActivityInvitation, Hub, Registration
from ..services import activities as services

CONVENING = register_admin_section(
    AdminSection(code="convening", order=35, title=_("Activities and convening"))
).code


def _local(value, zone):
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


class ActivityAdminForm(forms.ModelForm):
    local_start = LocalDateTimeField(
        label=_("starts at (local time)"),
        help_text=_("The time where the activity is set, in the time zone below."),
    )
    local_end = LocalDateTimeField(label=_("ends at (local time)"))
    local_registration_closes = LocalDateTimeField(
        label=_("registration closes at (local time)"), required=False
    )
    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "description",
            "organiser",
            "hub",
            "partner_name",
            "region",
            "time_zone",
            "place",
            "online_link",
            "priorities",
            "audience",
            "capacity",
            "languages",
            "interpretation",
            "status",
            "visibility",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        activity = self.instance
        if activity.pk and activity.time_zone:
            self.initial["local_start"] = _local(activity.starts_at, activity.time_zone)
            self.initial["local_end"] = _local(activity.ends_at, activity.time_zone)
            if activity.registration_closes_at:
                self.initial["local_registration_closes"] = _local(
                    activity.registration_closes_at, activity.time_zone
                )

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if not zone:
            return data
        for local, field in (
            ("local_start", "starts_at"),
            ("local_end", "ends_at"),
            ("local_registration_closes", "registration_closes_at"),
        ):
            if data.get(local) is None:
                data[field] = None
                continue
            try:
                data[field] = meeting_start(local=data[local], time_zone=zone)
            except forms.ValidationError as exc:
                self.add_error(local, exc)
        return data


class ActivityDocumentForm(forms.ModelForm):
    class Meta:
        model = ActivityDocument
        fields = ["title", "kind", "file", "is_public"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}


class ActivityDocumentInline(ScopedChoicesMixin, admin.TabularInline):
    model = ActivityDocument
    form = ActivityDocumentForm
    extra = 0
    fields = ["title", "kind", "file", "is_public", "uploaded_at"]
    readonly_fields = ["uploaded_at"]


class ActivityInvitationInline(ScopedChoicesMixin, admin.TabularInline):
    """The cities invited (never shown on public pages). Staff add a city here; the
    "invite the cities it is for" action invites a region's, a hub's, or for a Global
    Summit every eligible city. An invitation is not changed or withdrawn once emailed."""

    model = ActivityInvitation
    extra = 0
    fields = ["local_government", "invited_at", "sent_at"]
    readonly_fields = ["invited_at", "sent_at"]
    autocomplete_fields = ["local_government"]
    classes = ["collapse"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HubScopedMixin:
    """Hub staff see the rows of their own hub's activities; the Management Unit all."""

    activity_lookup = "activity"

    @staticmethod
    def scoped_activities(request):
        """The activities ``request``'s user organises (every one for the Management Unit)."""
        if is_mu_staff(request.user):
            return Activity.objects.all()
        return Activity.objects.filter(
            hub__staff__user=request.user, hub__status="active"
        ).distinct()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_mu_staff(request.user):
            return queryset
        prefix = f"{self.activity_lookup}__" if self.activity_lookup else ""
        return queryset.filter(
            **{f"{prefix}hub__staff__user": request.user, f"{prefix}hub__status": "active"}
        ).distinct()


@admin.register(Activity)
class ActivityAdmin(
    LargeListAdminMixin, HubScopedMixin, ServiceSaveMixin, ScopedChoicesMixin, TranslationAdmin
):
    admin_section = CONVENING
    activity_lookup = ""
    form = ActivityAdminForm
    fieldsets = [
        (None, {"fields": ["kind", "title", "description", "status", "visibility"]}),
        (_("Organiser"), {"fields": ["organiser", "hub", "partner_name", "region"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "local_start",
                    "local_end",
                    "time_zone",
                    "place",
                    "online_link",
                    "local_registration_closes",
                ]
            },
        ),
        (
            _("Who and how"),
            {
                "fields": [
                    "priorities",
                    "audience",
                    "capacity",
                    "languages",
                    "interpretation",
                ]
            },
        ),
    ]
    list_display = ["title", "kind", "starts_at", "hub", "status", "visibility", "seats"]
    list_filter = ["kind", "status", "visibility", "hub"]
    search_fields = ["title_en", "title_ar", "title_fr", "title_es", "place"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["priorities"]
    inlines = [ActivityDocumentInline, ActivityInvitationInline]
    actions = ["invite_cities"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("hub")
            # Counted for the rows of the page only (a join with every registration and a
            # GROUP BY would sort 250,000 rows for 50 activities).
            .annotate(
                seats_held=Coalesce(
                    Subquery(
                        Registration.objects.holding_seats()
                        .filter(activity=OuterRef("pk"))
                        .order_by()
                        .values("activity")
                        .annotate(held=Count("pk"))
                        .values("held"),
                        output_field=IntegerField(),
                    ),
                    0,
                )
            )
        )

    @admin.display(description=_("seats held"), ordering="seats_held")
    def seats(self, obj):
        if obj.capacity is None:
            return str(obj.seats_held)
        return f"{obj.seats_held} / {obj.capacity}"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hub" and not is_mu_staff(request.user):
            kwargs["queryset"] = Hub.objects.active().filter(staff__user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if is_mu_staff(request.user):
            return form_class

        hubs = Hub.objects.active().filter(staff__user=request.user)

        class HubStaffForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # Hub staff organise for their hub: it is chosen for them when they have one.
                if self.instance.pk is None and len(hubs) == 1:
                    self.initial.setdefault("hub", hubs[0].pk)
                    self.initial.setdefault("organiser", Activity.Organiser.HUB)

            def clean(self):
                data = super().clean()
                # Hub staff organise for their own hub, whoever else takes part.
                if not data.get("hub"):
                    self.add_error("hub", _("Choose your hub: hub staff organise for it."))
                return data

        return HubStaffForm

    def has_delete_permission(self, request, obj=None):
        # An activity is cancelled (its status), never deleted: registrations are history.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        translated = ("title", "description")
        fields = {
            name: value
            for name, value in data.items()
            if name not in ("priorities", *translated)
            and not name.startswith("local_")
            and (name in form._meta.fields or name.split("_")[0] in translated)
        }
        for name in ("starts_at", "ends_at", "registration_closes_at"):
            fields[name] = data.get(name)
        if change:
            services.change_activity(activity=obj, actor=request.user, **fields)
        else:
            take_saved(obj, services.create_activity(actor=request.user, **fields))

    def save_related(self, request, form, formsets, change):
        # Priorities through the service too (it records them in the audit trail).
        services.change_activity(
            activity=form.instance,
            actor=request.user,
            priorities=list(form.cleaned_data.get("priorities") or []),
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Invite the cities each activity is for"))
    def invite_cities(self, request, queryset):
        for activity in queryset:
            try:
                count = services.invite_the_cities_it_is_for(activity=activity, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(activity)s: %(count)s city invited.",
                    "%(activity)s: %(count)s cities invited.",
                    count,
                )
                % {"activity": activity.title, "count": count},
                messages.SUCCESS,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is ActivityInvitation:
            save_rows(
                formset,
                add=lambda invitation: (
                    services.invite_cities(
                        activity=form.instance,
                        cities=[invitation.local_government],
                        actor=request.user,
                    )
                    and None
                ),
                change=lambda invitation, changed: None,
            )
            return None
        if formset.model is not ActivityDocument:
            return super().save_formset(request, form, formset, change)
        save_rows(
            formset,
            add=lambda document: services.add_document(
                activity=form.instance,
                title=document.title,
                file=document.file,
                kind=document.kind,
                is_public=document.is_public,
                actor=request.user,
            ),
            change=lambda document, changed: services.change_document(
                document=document,
                title=document.title,
                kind=document.kind,
                is_public=document.is_public,
                file=document.file if "file" in changed else None,
                actor=request.user,
            ),
        )


class ActivityListFilter(admin.SimpleListFilter):
    """The activity of the registrations: the chosen one and the next ones to come (a
    list of every activity ever held would be tens of thousands of links)."""

    title = _("activity")
    parameter_name = "activity__id__exact"
    SHOWN = 15

    def lookups(self, request, model_admin):
        visible = HubScopedMixin.scoped_activities(request)
        upcoming = list(
            visible.filter(starts_at__gte=timezone.now()).order_by("starts_at", "pk")[: self.SHOWN]
        )
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(a.pk) != chosen for a in upcoming):
            upcoming = [*visible.filter(pk=int(chosen))[:1], *upcoming]
        return [(str(a.pk), a.title) for a in upcoming]

    def queryset(self, request, queryset):
        chosen = self.value()
        if chosen is None:
            return queryset
        if not chosen.isdigit():
            return queryset.none()
        return queryset.filter(activity_id=int(chosen))


@admin.register(Registration)
class RegistrationAdmin(
    LargeListAdminMixin, HubScopedMixin, ServiceSaveMixin, ScopedChoicesMixin, admin.ModelAdmin
):
    """Who holds a seat, waits, or was offered one. Registrations are made in the portal;
    staff cancel them, record attendance, and may seat a person waiting beyond the
    capacity by writing why (recorded with who did it)."""

    admin_section = CONVENING
    list_display = [
        "user",
        "activity",
        "local_government",
        "status",
        "offer_expires_at",
        "over_capacity",
        "attended",
    ]
    list_filter = [
        "status",
        "over_capacity",
        "attended",
        ActivityListFilter,
    ]
    list_select_related = ["user", "activity", "local_government"]
    # The latest first, on an index (the model's order, by activity, sorts every row).
    ordering = ["-created_at", "-pk"]
    search_fields = ["user__email", "activity__title_en"]
    fields = [
        "activity",
        "user",
        "local_government",
        "status",
        "dietary_needs",
        "access_needs",
        "interpretation_language",
        "created_at",
        "offer_expires_at",
        "cancelled_at",
        "over_capacity",
        "over_capacity_by",
        "over_capacity_reason",
        "attended",
    ]
    actions = ["cancel_selected", "mark_attended", "mark_absent"]

    def get_readonly_fields(self, request, obj=None):
        # Only the reason is written here: giving one seats a waiting person.
        return [name for name in self.fields if name != "over_capacity_reason"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "over_capacity_reason" in form.changed_data:
            services.seat_beyond_capacity(
                registration=obj,
                reason=form.cleaned_data["over_capacity_reason"],
                actor=request.user,
            )

    @admin.action(description=_("Cancel the selected registrations"))
    def cancel_selected(self, request, queryset):
        for registration in queryset:
            services.cancel_registration(registration=registration, actor=request.user)
        self.message_user(request, _("Registrations cancelled."), messages.SUCCESS)

    def _record_attendance(self, request, queryset, *, attended: bool) -> None:
        try:
            services.record_attendance(
                registrations=queryset, attended=attended, actor=request.user
            )
        except services.ActivityError as refusal:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return
        self.message_user(request, _("Attendance recorded."), messages.SUCCESS)

    @admin.action(description=_("Record as attended"))
    def mark_attended(self, request, queryset):
        self._record_attendance(request, queryset, attended=True)

    @admin.action(description=_("Record as absent"))
    def mark_absent(self, request, queryset):
        self._record_attendance(request, queryset, attended=False)
