"""The resource hub in the admin: resources with their files and tags, and the themes.

Saving goes through ``resources.services`` (the search vectors follow every change); the
workflow moves are actions (publish, archive) and the review page (ask for changes, with
a note emailed to the submitter). Hub staff see and change their hub's resources only.
"""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from scn_portal.accounts.rules import is_mu_staff
from scn_portal.accounts.scoping import ScopedChoicesMixin
from scn_portal.admin_site import AdminSection, register_admin_section
from scn_portal.web.admin_actions import apply_to_each
from scn_portal.web.admin_lists import LargeListAdminMixin
from scn_portal.web.admin_saving import ServiceSaveMixin

from .models import Resource, ResourceFile, Theme
from .scoping import resources_in_scope
from .services import resources as services
from .validators import classify_resource_file

RESOURCES = register_admin_section(
    AdminSection(code="resources", order=55, title=_("Resource hub"))
).code


class ResourceFileForm(forms.ModelForm):
    """A new file is judged by its content before anything is saved."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            kind, extension = classify_resource_file(upload)
            self.instance.format, self.instance.extension = kind, extension
            self.instance.size = upload.size
        return upload


class ResourceFileInline(ScopedChoicesMixin, admin.TabularInline):
    model = ResourceFile
    form = ResourceFileForm
    extra = 0
    fields = ["title", "file", "language", "format", "size"]
    readonly_fields = ["format", "size"]


@admin.register(Resource)
class ResourceAdmin(LargeListAdminMixin, ServiceSaveMixin, ScopedChoicesMixin, TranslationAdmin):
    admin_section = RESOURCES
    # Latest first, read from an index; by title on a click of its column.
    ordering = ["-published_on", "-pk"]
    list_display = ["title", "kind", "status", "visibility", "author_kind", "published_on"]
    list_filter = ["status", "kind", "visibility", "author_kind", "priorities", "themes"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["priorities", "themes", "regions", "cities"]
    autocomplete_fields = []
    raw_id_fields = ["author_city"]
    readonly_fields = ["status", "submitted_by", "views", "downloads", "published_on"]
    inlines = [ResourceFileInline]
    actions = ["publish", "archive"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "body", "kind", "languages", "external_url"]}),
        (_("Visibility and workflow"), {"fields": ["visibility", "status", "published_on"]}),
        (_("Tags"), {"fields": ["priorities", "themes", "regions", "countries", "cities"]}),
        (
            _("Author"),
            {
                "fields": [
                    "author_kind",
                    "author_hub",
                    "author_group",
                    "author_city",
                    "author_expert",
                    "submitted_by",
                    "review_note",
                ]
            },
        ),
        (_("Use"), {"fields": ["views", "downloads"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_mu_staff(request.user):
            # Every resource: no condition that would keep PostgreSQL from reading the
            # page from the index, or the count from its statistics.
            return queryset
        return queryset.filter(pk__in=resources_in_scope(request.user).values("pk"))

    def has_delete_permission(self, request, obj=None):
        # Resources are archived, not deleted: links to them from elsewhere keep working.
        return False

    def save_model(self, request, obj, form, change):
        services.save_resource(resource=obj, actor=request.user, created=not change)

    @admin.action(description=_("Publish the selected resources"), permissions=["change"])
    def publish(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda r: services.publish_resource(resource=r, actor=request.user),
            done=lambda n: (
                ngettext("%(n)d resource published.", "%(n)d resources published.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Archive the selected resources"), permissions=["change"])
    def archive(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda r: services.archive_resource(resource=r, actor=request.user),
            done=lambda n: (
                ngettext("%(n)d resource archived.", "%(n)d resources archived.", n) % {"n": n}
            ),
        )


@admin.register(Theme)
class ThemeAdmin(ScopedChoicesMixin, TranslationAdmin):
    admin_section = RESOURCES
    list_display = ["name", "code"]
