from django.urls import path

from ..views import groups as views

urlpatterns = [
    path("working-groups/", views.working_groups, name="working_groups"),
    path("working-groups/<uuid:code>/", views.working_group, name="working_group"),
    path(
        "working-groups/<uuid:code>/join/",
        views.join_working_group,
        name="join_working_group",
    ),
    path(
        "working-groups/<uuid:code>/requests/",
        views.join_requests,
        name="working_group_requests",
    ),
]
