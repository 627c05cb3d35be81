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

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.roles import Role
from scn_portal.reports import registry as report_registry

from . import selectors

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    return render(request, "web/home.html", selectors.home_content())


@login_required
@require_GET
def dashboard(request):
    roles = request.user.roles
    context = {
        "cities": selectors.cities_of(request.user) if Role.CITY_OFFICIAL in roles else [],
        "report_kinds": [
            k
            for k in report_registry.all_kinds()
            if k.in_request_form and k.may_request(request.user)
        ],
    }
    return render(request, "web/dashboard.html", context)


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


@staff_page
@login_required
@require_GET
def personal_data_export(request, code):
    """Staff: everything the portal holds about one person, as a JSON download."""
    import json

    from django.http import Http404, HttpResponse

    from members.models import Person
    from scn_portal.accounts.rules import is_mu_staff

    from .personal_data import export_person

    if not is_mu_staff(request.user):
        raise Refused
    person = Person.objects.filter(code=code).select_related("user").first()
    if person is None:
        raise Http404
    logging.getLogger("scn_portal.security").info(
        "personal data exported: person=%s by user_id=%s", person.code, request.user.pk
    )
    response = HttpResponse(
        json.dumps(export_person(person), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data-{person.code}.json"'
    return response


@staff_page
@login_required
@never_cache
def personal_data_erase(request, code):
    """Staff: erase a person's personal data, after confirming on this page."""
    from django import forms
    from django.contrib import admin, messages
    from django.http import Http404
    from django.shortcuts import redirect
    from django.utils.translation import gettext
    from django.utils.translation import gettext_lazy as _

    from members.models import Person
    from scn_portal.accounts.rules import is_mu_staff

    from .personal_data import ErasureRefused, erase_person

    if not is_mu_staff(request.user):
        raise Refused
    person = Person.objects.filter(code=code).select_related("user").first()
    if person is None:
        raise Http404

    class ConfirmForm(forms.Form):
        confirm = forms.BooleanField(
            label=_("I confirm that this person's personal data is to be erased."),
            error_messages={"required": _("Tick the box to confirm the erasure.")},
        )

    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            erase_person(person=person, by=request.user)
        except ErasureRefused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, gettext("The person's personal data has been erased."))
            return redirect("admin:members_person_change", person.pk)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Erase personal data"),
        "person": person,
        "opts": Person._meta,
        "form": form,
    }
    return render(request, "web/erase_person.html", context, status=400 if form.errors else 200)
