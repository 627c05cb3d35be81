"""Governance's pages under ``/<lang>/isc/`` (namespace "governance"), one module per
sub-domain."""

from django.urls import include, path

app_name = "governance"

urlpatterns = [
    # The ISC and its terms of reference.
    path("", include("governance.urls.isc")),
    # Meetings, papers and the calendar feed (ISC members and staff).
    path("", include("governance.urls.meetings")),
    # Published minutes for everyone; circulated ones for ISC members and staff.
    path("", include("governance.urls.minutes")),
    # Working groups and the pool of experts.
    path("", include("governance.urls.groups")),
    path("", include("governance.urls.experts")),
]
