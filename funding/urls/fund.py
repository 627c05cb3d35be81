"""The Technical Support Fund in the member portal, under /<lang>/fund/ (namespace "fund")."""

from django.urls import path

from ..views import fund

app_name = "fund"

urlpatterns = [
    path("", fund.home, name="home"),
    path("cities/<uuid:code>/apply/", fund.start, name="start"),
    path("applications/<uuid:code>/", fund.application, name="application"),
    path("applications/<uuid:code>/edit/", fund.edit, name="edit"),
    path("applications/<uuid:code>/submit/", fund.submit, name="submit"),
    path("applications/<uuid:code>/withdraw/", fund.withdraw, name="withdraw"),
    path("applications/<uuid:code>/grant-letter.pdf", fund.grant_letter, name="grant_letter"),
    path(
        "applications/<uuid:code>/reports/<str:kind>/",
        fund.report,
        name="report",
    ),
    path("applications/<uuid:code>/review/", fund.review, name="review"),
]
