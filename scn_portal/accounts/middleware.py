import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
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


class IscRequiresMFAMiddleware:
    """Keep ISC members (and staff) out of the ISC's private pages until they have a second
    factor: meeting papers, circulated minutes, comments and reviews.

    On in production mode (``ISC_REQUIRES_MFA``). The pages are named in
    ``ISC_PRIVATE_PAGES`` (URL names), so a new private page is protected by adding it here.
    """

    ISC_PRIVATE_PAGES = {
        "governance:meeting_list",
        "governance:meeting_detail",
        "governance:meeting_ics",
        "governance:meeting_time_zone",
        "governance:paper_download",
        "governance:minutes_comment",
        "governance:minutes_review",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name in self.ISC_PRIVATE_PAGES:
            return self.refuse_without_second_factor(request)
        return None

    @staticmethod
    def refuse_without_second_factor(request):
        """A redirect to the second-factor set-up if this person needs one first, else None.

        Also called by views whose privacy depends on the object (minutes under review are
        private, published ones public).
        """
        if (
            settings.ISC_REQUIRES_MFA
            and request.user.is_authenticated
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _("Set up two-factor authentication before you open the ISC's papers and minutes."),
            )
            return redirect("mfa_index")
        return None


class SessionTimeoutMiddleware:
    """End a signed-in session after a time without requests, and after its absolute lifetime.

    The absolute lifetime (``SESSION_COOKIE_AGE``) counts from sign-in, however active the
    person is; the idle timeout (``SESSION_IDLE_TIMEOUT``) from their last request.
    """

    STARTED = "_scn_session_started"
    SEEN = "_scn_session_seen"
    # Write the last-seen time at most this often, to spare the session store.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(self.STARTED, now)
            seen = session.get(self.SEEN, now)
            if (
                now - seen > settings.SESSION_IDLE_TIMEOUT
                or now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
            elif now - seen >= self.RESOLUTION or self.SEEN not in session:
                session[self.SEEN] = now
        return self.get_response(request)


def start_session_clock(sender, request, user, **kwargs) -> None:
    """At sign-in: the absolute lifetime and the idle timeout count from now."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionTimeoutMiddleware.STARTED] = now
        request.session[SessionTimeoutMiddleware.SEEN] = now
