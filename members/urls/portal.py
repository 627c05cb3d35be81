"""The member portal of city officials, under /<lang>/portal/ (namespace "members")."""

from django.urls import path

from ..views import portal

urlpatterns = [
    path("", portal.home, name="portal"),
    path("apply/", portal.start_application, name="application_start"),
    path("act-for-a-city/", portal.claim, name="claim"),
    path("cities/<uuid:code>/", portal.city, name="city_portal"),
    path("cities/<uuid:code>/apply/", portal.restart_application, name="application_restart"),
    path("cities/<uuid:code>/application/", portal.application, name="application"),
    path(
        "cities/<uuid:code>/application/details/",
        portal.application_details,
        name="application_details",
    ),
    path(
        "cities/<uuid:code>/application/contacts/",
        portal.application_contacts,
        name="application_contacts",
    ),
    path(
        "cities/<uuid:code>/application/principles/<int:number>/",
        portal.application_principle,
        name="application_principle",
    ),
    path(
        "cities/<uuid:code>/application/signatory/",
        portal.application_signatory,
        name="application_signatory",
    ),
    path(
        "cities/<uuid:code>/application/review/",
        portal.application_review,
        name="application_review",
    ),
    path(
        "cities/<uuid:code>/application/submit/",
        portal.application_submit,
        name="application_submit",
    ),
    path("cities/<uuid:code>/recommit/", portal.recommit, name="recommit"),
    path(
        "cities/<uuid:code>/recommit/principles/<int:number>/",
        portal.recommit_principle,
        name="recommit_principle",
    ),
    path(
        "cities/<uuid:code>/recommit/signatory/",
        portal.recommit_signatory,
        name="recommit_signatory",
    ),
    path("cities/<uuid:code>/profile/", portal.city_profile, name="edit_city_profile"),
    path("cities/<uuid:code>/contacts/", portal.city_contacts, name="edit_city_contacts"),
    path("cities/<uuid:code>/invite/", portal.invite, name="invite_colleague"),
]
