"""Working groups (public, with requests to join) and the pool of experts, under /isc/."""

from django.urls import path

from . import group_views

urlpatterns = [
    path("working-groups/", group_views.working_groups, name="working_groups"),
    path("working-groups/<uuid:code>/", group_views.working_group, name="working_group"),
    path(
        "working-groups/<uuid:code>/join/",
        group_views.join_working_group,
        name="join_working_group",
    ),
    path(
        "working-groups/<uuid:code>/requests/",
        group_views.join_requests,
        name="working_group_requests",
    ),
    path("experts/", group_views.expert_search, name="expert_search"),
    path("experts/me/", group_views.my_expert_profile, name="my_expert_profile"),
    path("experts/<uuid:code>/", group_views.expert, name="expert"),
    path("experts/<uuid:code>/edit/", group_views.edit_expert, name="edit_expert"),
]
