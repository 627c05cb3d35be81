from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from scn_portal.web import views as web_views

admin.site.site_header = _("SCN Portal administration")
admin.site.site_title = _("SCN Portal")
admin.site.index_title = _("Run the network")

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    # The public read API: versioned, outside the language prefixes (?lang= chooses).
    path("api/v1/", include("resources.api.urls")),
    # The IATI activity file (funding), at an address that does not change with the language.
    path("", include("funding.urls.iati")),
]

urlpatterns += i18n_patterns(
    # The admin has no sign-in page of its own: staff sign in through the portal's
    # protected sign-in (rate limits and the second factor apply there).
    path("admin/login/", web_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("reports/", include("scn_portal.reports.urls")),
    path("staff/work/", include("scn_portal.workqueue.urls")),
    path("", include("members.urls")),
    path("isc/", include("governance.urls")),
    path("hubs/", include("hubs.urls")),
    path("funding/", include("funding.urls")),
    path("activities/", include("hubs.urls.activities")),
    path("", include("scn_portal.mel.urls")),
    path("resources/", include("resources.urls")),
    path("fund/", include("funding.urls.fund")),
    path("", include("scn_portal.web.urls")),
    prefix_default_language=True,
)

handler403 = "scn_portal.web.views.permission_denied"
handler404 = "scn_portal.web.views.page_not_found"
handler500 = "scn_portal.web.views.server_error"
