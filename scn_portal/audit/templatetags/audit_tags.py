from django import template
from django.contrib.contenttypes.models import ContentType

from ..models import AuditEntry
from ..presentation import entry_rows, who
from ..registry import registered_models

register = template.Library()

# The history page shows the latest entries; the full trail is in the audit admin.
HISTORY_LIMIT = 200


@register.simple_tag
def audit_history(obj) -> list[dict] | None:
    """The entries about ``obj``, newest first; None when its model is not audited."""
    if type(obj)._meta.concrete_model not in registered_models():
        return None
    content_type = ContentType.objects.get_for_model(type(obj), for_concrete_model=True)
    entries = AuditEntry.objects.filter(
        content_type=content_type, object_id=str(obj.pk)
    ).select_related("content_type")[:HISTORY_LIMIT]
    return [{"entry": e, "who": who(e), "rows": entry_rows(e)} for e in entries]
