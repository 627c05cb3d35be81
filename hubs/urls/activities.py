"""Activity pages under ``/<lang>/activities/`` (namespace "activities")."""

from django.urls import path

from ..views import activities as views

app_name = "activities"

urlpatterns = [
    # Everyone: the public calendar, as a page and as a calendar feed.
    path("", views.activity_calendar, name="calendar"),
    path("calendar.ics", views.activity_calendar_feed, name="calendar_feed"),
    # An activity's page (public ones for everyone; members-only ones for members).
    path("<uuid:code>/", views.activity_detail, name="activity_detail"),
    path("<uuid:code>/calendar.ics", views.activity_ics, name="activity_ics"),
    path("<uuid:code>/register/", views.register, name="register"),
    path("registrations/<uuid:code>/cancel/", views.cancel, name="cancel"),
    # The personal link of an offer of a seat (a signed token instead of a sign-in).
    path("offers/<str:token>/", views.offer, name="offer"),
    path("documents/<uuid:code>/", views.document_download, name="document_download"),
]
