"""The governance records whose every change is kept in the audit trail."""

from scn_portal.audit.registry import register

from .models import (
    CoChairTerm,
    Expert,
    IscRegionTarget,
    IscSettings,
    IscTerm,
    Minutes,
    MinutesComment,
    MinutesItem,
    MinutesReview,
    TermsOfReference,
    WorkingGroupMembership,
)

for model in (
    IscTerm,
    CoChairTerm,
    IscSettings,
    IscRegionTarget,
    Minutes,
    MinutesItem,
    MinutesComment,
    MinutesReview,
    TermsOfReference,
    Expert,
    WorkingGroupMembership,
):
    register(model)
