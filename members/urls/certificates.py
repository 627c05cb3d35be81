"""The public verification page of membership certificates, under ``/<lang>/certificates/``
(the "members" namespace). There is no list: a certificate is found by its code only."""

from django.urls import path

from ..views import certificates

urlpatterns = [
    path("<str:code>/", certificates.verify_certificate, name="verify_certificate"),
]
