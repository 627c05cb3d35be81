"""The MEL records kept in the audit trail, and the events the services name."""

from django.utils.translation import gettext_lazy as _

from scn_portal.audit.events import register_events
from scn_portal.audit.registry import register

from .models import AnnualReportText, Indicator, RecordedValue, Snapshot, Target

for model in (Indicator, Target, RecordedValue, Snapshot, AnnualReportText):
    register(model)

register_events(
    {
        "default_indicators_seeded": _("Default indicators seeded and linked to the priorities"),
        "indicator_value_recorded": _("Indicator value recorded"),
        "indicator_snapshots_taken": _("Indicator figures of a period taken"),
        "indicator_snapshot_rerun": _("Indicator figures of a period taken again"),
    }
)
