from django.urls import path

from ..views import meetings as views

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
]
