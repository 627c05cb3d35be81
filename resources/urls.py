"""The resource hub's pages under ``/<lang>/resources/``."""

from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("submit/", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<uuid:code>/", views.edit_submission, name="edit_submission"),
    path("files/<uuid:code>/", views.file_download, name="file"),
    path("<uuid:code>/", views.resource_detail, name="detail"),
    path("<uuid:code>/review/", views.review, name="review"),
    path("<uuid:code>/review/decide/", views.review_decide, name="review_decide"),
]
