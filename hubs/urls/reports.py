from django.urls import path

from ..views import reports

urlpatterns = [
    path("staff/report/", reports.hub_report, name="hub_report"),
]
