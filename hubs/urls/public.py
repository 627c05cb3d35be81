from django.urls import path

from ..views import public

urlpatterns = [
    path("", public.hub_list, name="hub_list"),
    path("<slug:slug>/", public.hub_page, name="hub"),
]
