"""What several admins of the members app share."""

from django.core.exceptions import ValidationError
from django.db import transaction

from scn_portal.web.forms import add_service_errors

from ..models import TerritoryMatch

NAME_FIELDS = ("name_en", "name_ar", "name_fr", "name_es")


class DerivedMatchesMixin:
    """Stored matches are derived data: they go with their city or territory, even though
    nobody deletes one by hand."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(TerritoryMatch._meta.verbose_name))
        return deleted, counts, perms_needed, protected


class ServiceSaveMixin:
    """For an admin whose ``save_model`` and inlines call the app's services: a service's
    refusal is shown on the form, and nothing of the attempt is kept (never a server error).

    The refused attempt is rolled back to a savepoint and the page is built again from the
    same POST, with the refusal added to the form's errors.
    """

    def _changeform_view(self, request, object_id, form_url, extra_context):
        if request.method != "POST":
            return super()._changeform_view(request, object_id, form_url, extra_context)
        try:
            with transaction.atomic():
                return super()._changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            request._scn_service_refusal = refusal
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, *args, **kwargs):
        form_class = super().get_form(request, *args, **kwargs)
        refusal = getattr(request, "_scn_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                add_service_errors(self, refusal)
                return cleaned

        return RefusedForm


def save_formset_through(formset, *, save, remove) -> None:
    """Save an inline's rows through services: ``save(obj)`` for each new or changed row,
    ``remove(obj)`` for each one ticked for deletion."""
    for obj in formset.save(commit=False):
        save(obj)
    for obj in formset.deleted_objects:
        remove(obj)
    formset.save_m2m()
