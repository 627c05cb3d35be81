"""The IATI activity file, at an address that does not change with the language."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("iati/activities.xml", public.iati_activities, name="iati_activities"),
]
