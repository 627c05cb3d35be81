"""State changes of the hubs app, one module per kind (``hubs``)."""

from .hubs import assign_hub_staff, coverage_conflicts, save_hub, sync_hub_staff_access

__all__ = ["assign_hub_staff", "coverage_conflicts", "save_hub", "sync_hub_staff_access"]
