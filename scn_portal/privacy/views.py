"""Staff pages: export a person's data as JSON, erase it after confirming."""

import json
import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.rules import is_mu_staff

from . import registry
from .services import ErasureRefused, erase_person, export_person

security_logger = logging.getLogger("scn_portal.security")


def _person_for_staff(request, code):
    """The person, for Management Unit staff only (anyone else is refused: 404)."""
    if not is_mu_staff(request.user):
        raise Refused
    person = registry.source().find(code)
    if person is None:
        raise Http404
    return person


@staff_page
@login_required
@require_GET
def personal_data_export(request, code):
    """Everything the portal holds about one person, as a JSON download."""
    person = _person_for_staff(request, code)
    security_logger.info(
        "personal data exported: person=%s by user_id=%s", person.code, request.user.pk
    )
    response = HttpResponse(
        json.dumps(export_person(person), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="personal-data-{person.code}.json"'
    return response


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that this person's personal data is to be erased."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


@staff_page
@login_required
@never_cache
def personal_data_erase(request, code):
    """Erase a person's personal data, after confirming on this page."""
    person = _person_for_staff(request, code)
    form = ConfirmErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            erase_person(person=person, by=request.user)
        except ErasureRefused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, gettext("The person's personal data has been erased."))
            return HttpResponseRedirect(registry.source().admin_url(person))
    context = {
        **admin.site.each_context(request),
        "title": gettext("Erase personal data"),
        "person": person,
        "opts": person._meta,
        "form": form,
    }
    return render(request, "privacy/erase_person.html", context, status=400 if form.errors else 200)
