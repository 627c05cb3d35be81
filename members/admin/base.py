"""What several admins of the members app share."""

from ..models import TerritoryMatch

NAME_FIELDS = ("name_en", "name_ar", "name_fr", "name_es")


class DerivedMatchesMixin:
    """Stored matches are derived data: they go with their city or territory, even though
    nobody deletes one by hand."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(TerritoryMatch._meta.verbose_name))
        return deleted, counts, perms_needed, protected
