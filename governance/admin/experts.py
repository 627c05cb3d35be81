"""Admin of the pool of experts and their engagements (Management Unit staff).

Experts are added and changed, and engagements recorded and changed, through
``services.experts`` (see ``saving``).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_saving import save_rows, take_saved

from ..forms.experts import ExpertAdminForm, ExpertEngagementForm, language_name
from ..models import Expert, ExpertEngagement
from ..services import experts as expert_services

ENGAGEMENT_FIELDS = ExpertEngagementForm._meta.fields


class ExpertEngagementInline(ScopedChoicesMixin, admin.StackedInline):
    """Engagements are recorded by staff: a city exactly when it is for a city."""

    model = ExpertEngagement
    form = ExpertEngagementForm
    extra = 0
    can_delete = False  # what an expert did is history; an engagement is ended (its end)
    autocomplete_fields = ["local_government"]


@admin.register(Expert)
class ExpertAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Never deleted: an expert leaves the pool (not active); their engagements stay."""

    admin_section = "groups_and_experts"
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

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("priorities", "regions"):
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("languages"))
    def languages_display(self, obj) -> str:
        return ", ".join(language_name(code) for code in obj.languages) or "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        profile = {name: data[name] for name in expert_services.PROFILE_FIELDS}
        if change:
            expert_services.change_expert(
                expert=obj,
                person=data["person"],
                is_active=data["is_active"],
                actor=request.user,
                **profile,
            )
        else:
            saved = expert_services.add_expert(
                person=data["person"], is_active=data["is_active"], actor=request.user, **profile
            )
            take_saved(obj, saved)

    def save_related(self, request, form, formsets, change):
        # The service has set the priorities and regions (form.save_m2m would again).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        def fields(row) -> dict:
            return {name: getattr(row, name) for name in ENGAGEMENT_FIELDS}

        save_rows(
            formset,
            add=lambda row: expert_services.record_engagement(
                expert=form.instance, actor=request.user, **fields(row)
            ),
            change=lambda row, changed: expert_services.change_engagement(
                engagement=row, actor=request.user, **fields(row)
            ),
        )
