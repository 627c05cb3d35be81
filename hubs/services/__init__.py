"""State changes of the hubs app, one module per kind (``hubs``)."""

from .hubs import (
    assign_hub_staff,
    change_team_member,
    coverage_conflicts,
    edit_own_hub,
    save_hub,
    sync_hub_staff_access,
)

__all__ = [
    "assign_hub_staff",
    "change_team_member",
    "coverage_conflicts",
    "edit_own_hub",
    "save_hub",
    "sync_hub_staff_access",
]
