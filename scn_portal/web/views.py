import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .page_cache import public_page
from .panels import DASHBOARD, HOME, figures, panels

logger = logging.getLogger(__name__)


@require_GET
@public_page
def home(request):
    """The network's own page: what every app registers for it (``panels``)."""
    context = {"figures": figures(HOME), "panels": panels(HOME, request)}
    return render(request, "web/home.html", context)


@login_required
@require_GET
def dashboard(request):
    """The signed-in person's page: the panels of the roles they hold."""
    return render(request, "web/dashboard.html", {"panels": panels(DASHBOARD, request)})


@require_GET
def admin_login(request):
    """The admin's sign-in door leads to the portal's protected sign-in.

    A person who is already signed in but may not use the admin is refused here,
    rather than sent back and forth between the admin and the sign-in page.
    """
    next_url = request.GET.get("next") or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            from django.http import HttpResponseRedirect
            from django.utils.http import url_has_allowed_host_and_scheme

            # Only a path on this site: never another host, nor text taken for a URL name.
            safe = next_url.startswith("/") and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}
            )
            return HttpResponseRedirect(next_url if safe else reverse("admin:index"))
        raise PermissionDenied
    return redirect_to_login(next_url, reverse("account_login"))


@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request):
    """Liveness for the load balancer and compose: the database and the broker answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        logger.warning("healthz: database check failed: %s", exc)
        checks["database"] = "error"
    if settings.CELERY_BROKER_URL:
        from scn_portal.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception as exc:
            logger.warning("healthz: broker check failed: %s", exc)
            checks["broker"] = "error"
    else:
        checks["broker"] = "eager"
    healthy = all(v in ("ok", "eager") for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    # Rendered without context processors: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
