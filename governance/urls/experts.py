from django.urls import path

from ..views import experts as views

urlpatterns = [
    path("experts/", views.expert_search, name="expert_search"),
    path("experts/me/", views.my_expert_profile, name="my_expert_profile"),
    path("experts/<uuid:code>/", views.expert, name="expert"),
    path("experts/<uuid:code>/edit/", views.edit_expert, name="edit_expert"),
]
