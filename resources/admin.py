from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(TabbedTranslationAdmin):
    list_display = ["title", "kind", "visibility", "published_on"]
    list_filter = ["kind", "visibility", "priorities"]
    search_fields = ["title"]
    filter_horizontal = ["priorities"]
