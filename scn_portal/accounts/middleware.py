import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

# --- The second factor: one gate for every page that needs staff or ISC rights ----------

STAFF = "staff"  # staff pages: the admin, personal data, reports, the ISC composition...
ISC = "isc"  # the ISC's private pages: papers, draft minutes, reviews, calendar links


def requires_second_factor(level: str):
    """Declare that a view needs the rights of ``level`` (``STAFF`` or ``ISC``): in
    production, whoever holds those rights must have a second factor before it opens.

    Every page of the admin is ``STAFF`` without being declared. The URL x role matrix
    (tests/platform/test_url_matrix.py) declares the level of every page and fails when a
    page that only staff or ISC members can open has none, so a new staff page cannot go
    unprotected.
    """

    def decorate(view):
        view.second_factor = level
        return view

    return decorate


staff_page = requires_second_factor(STAFF)
isc_page = requires_second_factor(ISC)


def gate_level(request, view_func) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is not None and "admin" in match.namespaces:
        return STAFF
    return getattr(view_func, "second_factor", None)


def _holds_rights_of(user, level: str) -> bool:
    if user.is_staff:
        return True
    if level == ISC:
        from .roles import Role, roles_of

        return Role.ISC_MEMBER in roles_of(user)
    return False


def _gate_is_on(level: str) -> bool:
    return settings.ADMIN_REQUIRES_MFA if level == STAFF else settings.ISC_REQUIRES_MFA


def refuse_without_second_factor(request, level: str = ISC):
    """A redirect to the second-factor set-up if this person needs one first, else None.

    Views whose privacy depends on the object (minutes under review are private, published
    ones public) call it themselves.
    """
    user = request.user
    if (
        _gate_is_on(level)
        and user.is_authenticated
        and _holds_rights_of(user, level)
        and not is_mfa_enabled(user)
    ):
        if level == STAFF:
            text = _("Set up two-factor authentication before you open the administration.")
        else:
            text = _(
                "Set up two-factor authentication before you open the ISC's papers and minutes."
            )
        messages.warning(request, text)
        return redirect("mfa_index")
    return None


class SecondFactorMiddleware:
    """Send staff (and, on the ISC's pages, ISC members) without a second factor to set
    one up, on every page declared with ``requires_second_factor`` and in the admin.

    On in production mode (``ADMIN_REQUIRES_MFA`` for staff pages, ``ISC_REQUIRES_MFA``
    for the ISC's), off in the demo so the printed logins work at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        level = gate_level(request, view_func)
        if level is None:
            return None
        return refuse_without_second_factor(request, level)


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


# --- Headers of private answers ----------------------------------------------------------

PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


def private_answer(view):
    """Declare that a view answers something private to a visitor who is not signed in (a
    personal calendar feed opened with its secret address): never kept in a cache."""
    view.private_answer = True
    return view


class PrivacyHeadersMiddleware:
    """Every answer to a signed-in person, and every private answer, carries
    ``Cache-Control: private, no-store``: no shared cache or browser history keeps a city's
    pages, a letter or a paper. Every answer carries a ``Permissions-Policy`` that turns
    off the browser features the portal never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or getattr(request, "_scn_private_answer", False):
            patch_cache_control(response, private=True, no_store=True)
            if "public" in response.get("Cache-Control", ""):
                response["Cache-Control"] = "private, no-store"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "private_answer", False):
            request._scn_private_answer = True
        return None
