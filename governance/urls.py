from django.urls import include, path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.isc_members, name="isc_members"),
    path("composition/", views.composition, name="composition"),
    # Meetings, papers, minutes (review by ISC members; published minutes for everyone).
    path("", include("governance.meeting_urls")),
    # Working groups and the pool of experts.
    path("", include("governance.group_urls")),
]
