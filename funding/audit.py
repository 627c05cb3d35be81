"""Funding records in the audit trail (contributions and fund decisions join them)."""

from scn_portal.audit.registry import register

from .models import Donor

register(Donor)
