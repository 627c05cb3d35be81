"""What several admins of the members app share."""

from scn_portal.web.admin_saving import save_rows

from ..models import TerritoryMatch
from ..services import people

NAME_FIELDS = ("name_en", "name_ar", "name_fr", "name_es")


class DerivedMatchesMixin:
    """Stored matches are derived data: they go with their city or territory, even though
    nobody deletes one by hand."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(str(TerritoryMatch._meta.verbose_name))
        return deleted, counts, perms_needed, protected


def save_officials(formset, *, actor) -> None:
    """Save an inline of officials (a city's, or a person's cities) through the services.

    Officials are never deleted (the inlines have no "Delete" box): unticking "active"
    ends the role through ``people.end_official``, recorded as "Official removed"."""
    save_rows(
        formset,
        add=lambda o: people.save_official(official=o, actor=actor),
        change=lambda o, changed: (
            people.end_official(official=o, actor=actor)
            if "is_active" in changed and not o.is_active
            else people.save_official(official=o, actor=actor)
        ),
    )
