"""Funding's pages under ``/<lang>/funding/`` (namespace "funding")."""

from django.urls import path

from ..views import dashboard, public

app_name = "funding"

urlpatterns = [
    # Public.
    path("transparency/", public.transparency, name="transparency"),
    path("transparency/<int:year>.csv", public.transparency_csv, name="transparency_csv"),
    path("partners/", public.partners, name="partners"),
    path("partners/<uuid:code>/logo/", public.partner_logo, name="partner_logo"),
    # Management Unit staff.
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
