from django.urls import include, path

app_name = "members"

urlpatterns = [
    # The member portal of city officials (signed in): applications, city pages, claims.
    path("portal/", include("members.urls.portal")),
    # Public pages: the member directory, city profiles and the directory feed.
    path("cities/", include("members.urls.public")),
    # The public verification page of a membership certificate (by its code only).
    path("certificates/", include("members.urls.certificates")),
]
