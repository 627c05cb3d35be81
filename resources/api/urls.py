"""``/api/v1/``: the public read API, its OpenAPI schema and its documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"


class SchemaView(views.KeepsTheSessionUser, SpectacularAPIView):
    pass


class DocsView(views.KeepsTheSessionUser, SpectacularSwaggerSplitView):
    # Swagger UI's page without its inline style element, which the policy refuses.
    template_name = "resources/api_docs.html"


router = SimpleRouter()
router.register("cities", views.CityViewSet, basename="city")
router.register("resources", views.ResourceViewSet, basename="resource")
router.register("isc-members", views.IscMemberViewSet, basename="isc-member")
router.register("minutes", views.MinutesViewSet, basename="minutes")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("funding", views.FundingYearViewSet, basename="funding-year")

urlpatterns = [
    *router.urls,
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
]
# REST framework exempts its views from CSRF; these answer GET only, and like every page
# of the portal they refuse a POST without the token (403) before anything else.
# A viewset's view names its class ``cls``; say it the way Django's class-based views do
# (``view_class``), so whoever inspects the URLs sees a class that answers no POST.
for pattern in urlpatterns:
    pattern.callback.csrf_exempt = False
    if not hasattr(pattern.callback, "view_class"):
        pattern.callback.view_class = pattern.callback.cls
