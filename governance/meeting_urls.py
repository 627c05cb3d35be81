"""ISC meetings, papers and minutes (included at ``/<lang>/isc/``, namespace "governance")."""

from django.urls import path

from . import meeting_views as views

urlpatterns = [
    # ISC members and Management Unit staff.
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/time-zone/", views.meeting_time_zone, name="meeting_time_zone"),
    path(
        "meetings/calendar-link/replace/",
        views.replace_calendar_link,
        name="replace_calendar_link",
    ),
    path("meetings/<uuid:code>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:code>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("papers/<uuid:code>/", views.paper_download, name="paper_download"),
    # The personal calendar feed: a signed token instead of a sign-in (its owner replaces
    # the address from the meetings page, above).
    path("calendar/<str:token>.ics", views.meeting_feed, name="meeting_feed"),
    # Public.
    path("terms-of-reference/", views.terms_of_reference, name="terms_of_reference"),
    path(
        "terms-of-reference/<str:effective_on>/",
        views.terms_of_reference,
        name="terms_of_reference_version",
    ),
    path("minutes/", views.minutes_list, name="minutes_list"),
    # Published minutes for everyone; circulated ones for ISC members and staff.
    path("minutes/<uuid:code>/", views.minutes_detail, name="minutes_detail"),
    path("minutes/<uuid:code>/comment/", views.minutes_comment, name="minutes_comment"),
    path("minutes/<uuid:code>/review/", views.minutes_review, name="minutes_review"),
    path("minutes/<uuid:code>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
