"""Settings there is one record of (seeded by a migration, edited by staff).

The admin offers "Add" for such a record only while it is missing, and it asks on every
admin page, for its menu. Whether each is missing is read for all of them at once, in one
query, once per request: the menu costs one query however many apps keep settings.
"""

from django.db.models import CharField, Value

_models: list = []


class SingletonAdminMixin:
    """For the ModelAdmin of a model with a single record: no "Add" once it exists."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if model not in _models:
            _models.append(model)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and (
            self.model._meta.label not in present(request)
        )


def present(request) -> set[str]:
    """The labels of the single-record models whose record exists."""
    cached = getattr(request, "_scn_singletons", None)
    if cached is None:
        parts = [
            model._default_manager.order_by().values_list(
                Value(model._meta.label, output_field=CharField())
            )
            for model in _models
        ]
        cached = set()
        if parts:
            first, *rest = parts
            query = first.union(*rest) if rest else first
            cached = {label for (label,) in query}
        request._scn_singletons = cached
    return cached
