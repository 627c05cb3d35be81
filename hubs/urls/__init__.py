from django.urls import include, path

app_name = "hubs"

urlpatterns = [
    # Public pages: the regional hubs and each hub's page.
    path("", include("hubs.urls.needs")),
    path("", include("hubs.urls.helpdesk")),
    path("", include("hubs.urls.reports")),
    path("", include("hubs.urls.public")),
]
