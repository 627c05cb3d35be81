from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<uuid:code>/", views.report_detail, name="detail"),
    path("<uuid:code>/download/", views.report_download, name="download"),
]
