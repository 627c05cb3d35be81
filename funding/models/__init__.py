"""The funding app's records, one module per kind: donors (``donors``)."""

from .donors import Donor

__all__ = ["Donor"]
