from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.scoping import ScopedChoicesMixin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(ScopedChoicesMixin, TranslationAdmin):
    list_display = ["title", "kind", "visibility", "published_on"]
    list_filter = ["kind", "visibility", "priorities"]
    search_fields = ["title"]
    filter_horizontal = ["priorities"]
