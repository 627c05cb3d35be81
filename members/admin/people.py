"""People, the cities they act for, and which account acts as them."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.scoping import RegionScopedAdminMixin, visible_region_ids
from scn_portal.admin_site import PEOPLE_AND_ACCOUNTS
from scn_portal.web.admin_actions import ask_then_apply_to_one
from scn_portal.web.admin_filters import ADMIN_LIST_CSS
from scn_portal.web.admin_lists import LargeListAdminMixin
from scn_portal.web.admin_saving import ServiceSaveMixin

from ..models import Official, Person
from ..services import people
from .base import save_officials
from .filters import CountryFilter, RegionFilter
from .forms import AccountLinkForm


class PersonOfficialInline(RegionScopedAdminMixin, admin.TabularInline):
    """The cities a person acts for. Hub staff see and add only their region's: a person
    they add must act for one of their cities. A role ends by unticking "active"
    (``people.end_official``); the row stays."""

    model = Official
    fk_name = "person"
    fields = ["local_government", "role", "is_active"]
    region_lookup = "local_government__region"
    extra = 0
    can_delete = False
    autocomplete_fields = ["local_government"]
    verbose_name = _("acts for")
    verbose_name_plural = _("acts for")

    def get_formset(self, request, obj=None, **kwargs):
        if obj is None and visible_region_ids(request.user) is not None:
            kwargs.update(min_num=1, validate_min=True)
        return super().get_formset(request, obj, **kwargs)


class PersonCountryFilter(CountryFilter):
    title = _("country of the cities they act for")
    country_lookup = "officials__local_government__country"
    distinct = True


class PersonRegionFilter(RegionFilter):
    title = _("region of the cities they act for")
    region_lookup = "officials__local_government__region"
    distinct = True


@admin.register(Person)
class PersonAdmin(LargeListAdminMixin, ServiceSaveMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """People the network knows. Never deleted by hand: their personal data is erased
    ("Erase personal data…"), and records others need keep pointing to them."""

    admin_section = PEOPLE_AND_ACCOUNTS
    region_lookup = "officials__local_government__region"
    list_display = ["__str__", "email", "title", "user"]
    # The account is optional, which Django's own guess of what to join leaves out.
    list_select_related = ["user"]
    list_filter = [PersonRegionFilter, PersonCountryFilter]
    search_fields = ["full_name", "email"]
    fields = ["full_name", "email", "gender", "title", "account", "personal_data", "erased_at"]
    # Which account acts as this person is changed only through "Link to an account…"
    # (members.link_person_account), never by editing the form.
    readonly_fields = ["account", "personal_data", "erased_at"]
    inlines = [PersonOfficialInline]

    class Media:
        css = {"all": [ADMIN_LIST_CSS]}

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        people.save_person(person=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        save_officials(formset, actor=request.user)

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
        return ask_then_apply_to_one(
            self,
            request,
            person,
            form_class=AccountLinkForm,
            form_kwargs={"admin_site": self.admin_site, "initial": {"user": person.user_id}},
            title=gettext("Link %(person)s to an account") % {"person": person},
            explanation=gettext(
                "The account linked to a person acts in their name: for the cities they act "
                "for, and in any seat or role they hold (an ISC seat, an expert profile). The "
                "person is told by email at every address concerned, and the audit trail "
                "records the change."
            ),
            apply=lambda obj, data: people.link_person_to_account(
                person=obj, user=data["user"], actor=request.user
            ),
            done=lambda _result: (
                gettext("The account linked to %(person)s is changed; they are told by email.")
                % {"person": person},
                reverse(f"{self.admin_site.name}:members_person_change", args=[person.pk]),
            ),
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
