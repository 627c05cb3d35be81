"""Admin of the ISC: seats, co-chairs, the committee's settings and targets, and its terms
of reference. Terms are saved through ``services.isc`` (see ``saving``).

A recorded term's holder and city never change in its form, whose date changes meet
only the rules about dates. A term ends early, is renewed, or passes to the city's new
representative through the actions of the list and the buttons of the term's page, each
a service of its own; a term is never deleted.
"""

import rules
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.web.admin_actions import apply_to_each, ask_then_apply, ask_then_apply_to_one
from scn_portal.web.admin_saving import take_saved
from scn_portal.web.admin_singletons import SingletonAdminMixin

from ..forms.isc import (
    CoChairTermCorrectionForm,
    CoChairTermForm,
    EndIscTermForm,
    EndTermForm,
    IscTermCorrectionForm,
    IscTermForm,
    RenewTermForm,
    replace_holder_form,
)
from ..models import CoChairTerm, IscRegionTarget, IscSettings, IscTerm, TermsOfReference
from ..services import isc as isc_services
from ..services import meetings as meeting_services

ENDED_FIELDS = ["end_reason", "end_note", "planned_ends_on", "ended_by", "ended_at"]


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT")


def _ended(n: int) -> str:
    return ngettext("%(count)d term ended.", "%(count)d terms ended.", n) % {"count": n}


class TermAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """A term is appointed, corrected or ended by its service; who recorded it, and who
    ended it, are stamped there. Never deleted (``services.isc``)."""

    admin_section = "isc"
    change_form_template = "admin/governance/term_change_form.html"
    appoint = None  # the service that creates a term of this kind
    correct = None  # the service that corrects one
    end = None  # the service that ends one early
    end_form = EndTermForm
    correction_form = None  # the form of a recorded term (its holder and city read-only)
    holder_fields = ["person", "local_government", "previous"]

    autocomplete_fields = ["person", "local_government"]
    raw_id_fields = ["previous"]
    readonly_fields = ["appointed_by", "appointed_at", *ENDED_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*self.holder_fields, *fields] if obj is not None else fields

    def get_fields(self, request, obj=None):
        if obj is None:
            return list(self.form._meta.fields)
        ended = ENDED_FIELDS if obj.ended_early else []
        return [
            *self.holder_fields,
            *self.correction_form._meta.fields,
            "appointed_by",
            "appointed_at",
            *ended,
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = self.correction_form
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        form_class = self.correction_form if change else self.form
        data = {name: form.cleaned_data[name] for name in form_class._meta.fields}
        if change:
            type(self).correct(term=obj, actor=request.user, **data)
        else:
            take_saved(obj, type(self).appoint(actor=request.user, **data))

    def has_delete_permission(self, request, obj=None):
        return False  # a term ends (the actions); who sat when stays readable

    # --- Ending early: an action over the selected terms, and a button on a term's page

    def _end(self, term, data, actor):
        return type(self).end(
            term=term,
            ends_on=data["ends_on"],
            reason=data["reason"],
            note=data["note"],
            actor=actor,
        )

    @admin.action(description=_("End the selected terms early…"), permissions=["change"])
    def end_early(self, request, queryset):
        return ask_then_apply(
            self,
            request,
            queryset.select_related("person", "local_government"),
            form_class=self.end_form,
            title=gettext("End terms early"),
            apply=lambda term, data: self._end(term, data, request.user),
            done=_ended,
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/end/",
                self.admin_site.admin_view(self.end_view),
                name="{}_{}_end".format(*info),
            ),
            *self.term_urls(info),
            *super().get_urls(),
        ]

    def term_urls(self, info) -> list:
        return []

    def _term_for(self, request, object_id, *, adds: bool = False):
        """The term of this page (None if there is none), if the user may change it, and
        add a term when the action creates one (``adds``)."""
        term = self.get_object(request, unquote(object_id))
        if term is None:
            return None
        if not self.has_change_permission(request, term) or (
            adds and not self.has_add_permission(request)
        ):
            raise PermissionDenied
        return term

    def _back_to(self, term) -> str:
        info = self.admin_site.name, self.opts.app_label, self.opts.model_name
        return reverse("{}:{}_{}_change".format(*info), args=[term.pk])

    def end_view(self, request, object_id):
        term = self._term_for(request, object_id)
        if term is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return ask_then_apply_to_one(
            self,
            request,
            term,
            form_class=self.end_form,
            title=gettext("End this term early"),
            apply=lambda term, data: self._end(term, data, request.user),
            done=lambda ended: (
                gettext("The term ends on %(date)s.") % {"date": _day(ended.ends_on)},
                self._back_to(ended),
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        term = self.get_object(request, unquote(object_id))
        buttons = []
        if term is not None and self.has_change_permission(request, term):
            buttons = self.term_actions(request, term)
        extra_context = {**(extra_context or {}), "term_actions": buttons}
        return super().change_view(request, object_id, form_url, extra_context)

    def term_actions(self, request, term) -> list[tuple[str, str]]:
        """(URL name, label) of the buttons that apply to ``term`` on its page."""
        return [] if term.ended_early else [("end", gettext("End early…"))]


@admin.register(IscTerm)
class IscTermAdmin(TermAdmin):
    form = IscTermForm
    correction_form = IscTermCorrectionForm
    end_form = EndIscTermForm
    appoint = isc_services.appoint_isc_member
    correct = isc_services.change_isc_term
    end = isc_services.end_isc_term
    list_display = [
        "person",
        "local_government",
        "capacity",
        "starts_on",
        "ends_on",
        "end_reason",
        "previous",
    ]
    list_filter = ["capacity", "end_reason", "local_government__region"]
    # A renewed term names the one before it by its person and city.
    list_select_related = [
        "person",
        "local_government",
        "previous__person",
        "previous__local_government",
    ]
    search_fields = ["person__full_name", "local_government__name"]
    date_hierarchy = "starts_on"
    actions = ["renew", "end_early", "revoke_calendar_links"]

    @admin.action(description=_("Renew the selected terms"), permissions=["add"])
    def renew(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.select_related("person", "local_government"),
            lambda term: isc_services.renew_isc_term(term=term, actor=request.user),
            done=lambda n: (
                ngettext("%(count)d term renewed.", "%(count)d terms renewed.", n) % {"count": n}
            ),
        )

    def term_urls(self, info) -> list:
        return [
            path(
                "<path:object_id>/renew/",
                self.admin_site.admin_view(self.renew_view),
                name="{}_{}_renew".format(*info),
            ),
            path(
                "<path:object_id>/replace/",
                self.admin_site.admin_view(self.replace_view),
                name="{}_{}_replace".format(*info),
            ),
        ]

    def term_actions(self, request, term) -> list[tuple[str, str]]:
        if not self.has_add_permission(request) or IscTerm.objects.filter(previous=term).exists():
            return super().term_actions(request, term)
        renew = [] if term.ended_early else [("renew", gettext("Renew…"))]
        return [
            *renew,
            ("replace", gettext("Replace the holder…")),
            *super().term_actions(request, term),
        ]

    def renew_view(self, request, object_id):
        term = self._term_for(request, object_id, adds=True)
        if term is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return ask_then_apply_to_one(
            self,
            request,
            term,
            form_class=RenewTermForm,
            title=gettext("Renew this term"),
            explanation=gettext(
                "The renewal starts the day after this term ends; every rule of an "
                "appointment applies to it on its own dates."
            ),
            apply=lambda term, data: isc_services.renew_isc_term(
                term=term, years=data["years"], actor=request.user
            ),
            done=lambda renewal: (
                gettext("Renewed from %(start)s to %(end)s.")
                % {"start": _day(renewal.starts_on), "end": _day(renewal.ends_on)},
                self._back_to(renewal),
            ),
        )

    def replace_view(self, request, object_id):
        term = self._term_for(request, object_id, adds=True)
        if term is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return ask_then_apply_to_one(
            self,
            request,
            term,
            form_class=replace_holder_form([term]),
            title=gettext("Replace the holder of this seat"),
            apply=lambda term, data: isc_services.replace_isc_term_holder(
                term=term, person=data["person"], starts_on=data["starts_on"], actor=request.user
            ),
            done=lambda new: (
                gettext("%(person)s holds the seat from %(date)s.")
                % {"person": new.person, "date": _day(new.starts_on)},
                self._back_to(new),
            ),
        )

    def has_replace_calendar_link_permission(self, request):
        return rules.has_perm("governance.replace_calendar_link", request.user)

    @admin.action(
        description=_("Revoke the calendar links of the selected members"),
        permissions=["replace_calendar_link"],
    )
    def revoke_calendar_links(self, request, queryset):
        """A leaked feed address stops working; the member finds a new one on their
        meetings page. People without an account have no feed, and are skipped."""
        users = {term.person.user for term in queryset.select_related("person__user")}
        users.discard(None)
        apply_to_each(
            self,
            request,
            users,
            lambda user: meeting_services.replace_calendar_feed_key(user=user, actor=request.user),
            done=lambda n: (
                ngettext(
                    "%(count)d calendar link revoked; its owner finds a new one on the meetings "
                    "page.",
                    "%(count)d calendar links revoked; their owners find new ones on the meetings "
                    "page.",
                    n,
                )
                % {"count": n}
            ),
        )


@admin.register(CoChairTerm)
class CoChairTermAdmin(TermAdmin):
    form = CoChairTermForm
    correction_form = CoChairTermCorrectionForm
    appoint = isc_services.appoint_co_chair
    correct = isc_services.change_co_chair_term
    end = isc_services.end_co_chair_term
    list_display = [
        "person",
        "local_government",
        "starts_on",
        "ends_on",
        "end_reason",
        "method",
        "decided_on",
    ]
    list_select_related = ["person", "local_government"]
    actions = ["end_early"]


@admin.register(IscSettings)
class IscSettingsAdmin(SingletonAdminMixin, ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = "isc"
    list_display = ["__str__", "max_seats", "term_years", "max_region_share"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IscRegionTarget)
class IscRegionTargetAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    admin_section = "isc"
    list_display = ["region", "target_seats"]
    list_select_related = ["region"]


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(ScopedChoicesMixin, TranslationAdmin):
    """A version in force is never edited nor deleted: a change is a new version (the old
    stays public). Only a version that has not taken effect yet may be deleted."""

    admin_section = "isc"
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
