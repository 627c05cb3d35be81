from django.urls import path

from . import views

app_name = "mel"

urlpatterns = [
    path("network-at-a-glance/", views.glance, name="glance"),
    path("staff/mel/", views.dashboard, name="dashboard"),
    path("staff/mel/annual-report/", views.annual_report, name="annual_report"),
    path(
        "staff/mel/annual-report/<uuid:code>/file/<slug:destination>/",
        views.file_annual_report,
        name="file_annual_report",
    ),
    path("staff/mel/snapshots/<int:pk>/", views.snapshot_records, name="records"),
    path("staff/mel/snapshots/<int:pk>/rerun/", views.rerun, name="rerun"),
    path("staff/mel/<slug:code>/<str:period>/", views.live_records, name="live_records"),
]
