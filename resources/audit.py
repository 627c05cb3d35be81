"""Resources, their files and themes: every change is kept in the audit trail, and the
events the workflow's services name."""

from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import register_events
from scn_portal.audit.registry import register

from .models import Resource, ResourceFile, Theme

register(
    Resource,
    exclude=("views", "downloads", "search_en", "search_ar", "search_fr", "search_es"),
    m2m=("priorities", "themes", "regions", "cities"),
)
register(ResourceFile)
register(Theme)

register_events(
    {
        "resource_created": _("Resource created"),
        "resource_changed": _("Resource changed"),
        "resource_submitted": _("Good practice submitted"),
        "resource_submission_changed": _("Submission changed and sent again"),
        "resource_sent_for_review": _("Resource sent for review"),
        "resource_changes_requested": _("Changes asked of the submitter"),
        "resource_published": _("Resource published"),
        "resource_archived": _("Resource archived"),
    }
)
