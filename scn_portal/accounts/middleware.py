from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class AdminRequiresMFAMiddleware:
    """Keep staff out of the admin until they have a second factor.

    On in production mode (``ADMIN_REQUIRES_MFA``), off in the demo so the printed
    logins work at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.ADMIN_REQUIRES_MFA
            and request.path.startswith(reverse("admin:index"))
            and request.user.is_authenticated
            and request.user.is_staff
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _("Set up two-factor authentication before you open the administration."),
            )
            return redirect("mfa_index")
        return self.get_response(request)
