from django.urls import path

from ..views import isc as views

urlpatterns = [
    path("", views.isc_members, name="isc_members"),
    path("composition/", views.composition, name="composition"),
    # Public.
    path("terms-of-reference/", views.terms_of_reference, name="terms_of_reference"),
    path(
        "terms-of-reference/<str:effective_on>/",
        views.terms_of_reference,
        name="terms_of_reference_version",
    ),
]
