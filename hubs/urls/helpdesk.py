from django.urls import path

from ..views import helpdesk

urlpatterns = [
    path("portal/<uuid:code>/help/", helpdesk.city_help_desk, name="city_help_desk"),
    path("help/<uuid:code>/", helpdesk.help_request_page, name="help_request"),
    path("help/attachments/<uuid:code>/", helpdesk.attachment_download, name="help_attachment"),
    path("staff/help/", helpdesk.staff_help_desk, name="staff_help_desk"),
    path("staff/help/<uuid:code>/", helpdesk.staff_help_request, name="staff_help_request"),
]
