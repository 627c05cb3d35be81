from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import AdminSection, register_admin_section

from .models import Resource

RESOURCES = register_admin_section(
    AdminSection(code="resources", order=55, title=_("Resource hub"))
).code


@admin.register(Resource)
class ResourceAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = RESOURCES
    list_display = ["title", "kind", "visibility", "published_on"]
    list_filter = ["kind", "visibility", "priorities"]
    search_fields = ["title"]
    filter_horizontal = ["priorities"]
