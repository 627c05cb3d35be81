from django.urls import path

from scn_portal.privacy import views as privacy_views

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "staff/people/<uuid:code>/personal-data.json",
        privacy_views.personal_data_export,
        name="personal_data_export",
    ),
    path(
        "staff/people/<uuid:code>/erase/",
        privacy_views.personal_data_erase,
        name="personal_data_erase",
    ),
]
