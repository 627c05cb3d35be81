from django.urls import path

from ..views import minutes as views

urlpatterns = [
    path("minutes/", views.minutes_list, name="minutes_list"),
    path("minutes/<uuid:code>/", views.minutes_detail, name="minutes_detail"),
    path("minutes/<uuid:code>/comment/", views.minutes_comment, name="minutes_comment"),
    path("minutes/<uuid:code>/review/", views.minutes_review, name="minutes_review"),
    path("minutes/<uuid:code>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
