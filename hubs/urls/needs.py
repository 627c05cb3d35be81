from django.urls import path

from ..views import needs

urlpatterns = [
    path("portal/<uuid:code>/needs/", needs.city_needs, name="city_needs"),
    path("staff/needs/", needs.needs_map_page, name="needs_map"),
]
