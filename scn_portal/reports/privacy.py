"""The reports a person asked for (their kind and language, no content)."""

from scn_portal.privacy.registry import PersonalData, Subject, register
from scn_portal.privacy.services import when

from .models import ReportRequest


@register
class ReportData(PersonalData):
    code = "reports"
    order = 900

    def export(self, subject: Subject) -> dict:
        if subject.user is None:
            return {}
        return {
            "user_account": {
                "reports_requested": [
                    {"kind": r.kind, "language": r.language, "requested_at": when(r.requested_at)}
                    for r in ReportRequest.objects.filter(requested_by=subject.user)
                ]
            }
        }
