from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.isc_members, name="isc_members"),
    path("composition/", views.composition, name="composition"),
]
