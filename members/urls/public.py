"""Public pages under ``/<lang>/cities/`` (the "members" namespace)."""

from django.urls import path

from ..views import public

urlpatterns = [
    path("", public.directory_page, name="directory"),
    path("feed.json", public.directory_feed, name="directory_feed"),
    path("<uuid:code>/", public.city_profile, name="city"),
    path("<uuid:code>/certificate/", public.request_certificate_view, name="certificate"),
]
