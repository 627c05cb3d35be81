"""The hubs app's records, one module per kind: the hubs and their teams (``hubs``)."""

from .hubs import Hub, HubStaff

__all__ = ["Hub", "HubStaff"]
