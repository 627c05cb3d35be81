"""The activity pages: the public calendar and its feed, an activity's page, registering
and cancelling, answering an offer of a seat, and the documents.

An activity a visitor may not see answers 404, like one that does not exist
(``get_activity_for_user``).
"""

import json

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scn_portal.accounts.middleware import private_answer
from scn_portal.accounts.refusals import Refused
from scn_portal.calendars import calendar_file
from scn_portal.web.page_cache import public_page

from .. import activity_emails
from ..forms.activities import CalendarFilterForm, RegistrationForm
from ..models import Activity, ActivityDocument, Registration
from ..selectors import activities as selectors
from ..services import activities as services


def get_activity_for_user(request, code) -> Activity:
    activity = Activity.objects.select_related("hub", "region").filter(code=code).first()
    if activity is None:
        raise Http404
    if not rules.has_perm("hubs.view_activity_page", request.user, activity):
        raise Refused
    return activity


@require_GET
@public_page
def activity_calendar(request):
    """Upcoming public activities, filtered by region, kind and priority."""
    form = CalendarFilterForm(request.GET or None)
    activities = list(selectors.public_calendar(**form.filters()))
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "hubs/activities/calendar.html",
        {"form": form, "activities": activities, "query": query},
    )


@require_GET
def activity_calendar_feed(request):
    """The calendar view as a calendar file, with the same filters."""
    form = CalendarFilterForm(request.GET or None)
    activities = selectors.public_calendar(**form.filters())
    body = calendar_file(
        [activity_emails.activity_event(a) for a in activities],
        name=_("Strong Cities Network activities"),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _json_ld(request, activity: Activity) -> str:
    """schema.org Event data, for search engines (public activities only)."""
    mode = "https://schema.org/OfflineEventAttendanceMode"
    if activity.online_link and activity.place:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif activity.online_link:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    status = "https://schema.org/EventScheduled"
    if activity.status == Activity.Status.CANCELLED:
        status = "https://schema.org/EventCancelled"
    location = []
    if activity.place:
        location.append({"@type": "Place", "name": activity.place, "address": activity.place})
    if activity.online_link:
        location.append({"@type": "VirtualLocation", "url": activity.online_link})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "description": activity.description,
        "startDate": activity.starts_at.isoformat(),
        "endDate": activity.ends_at.isoformat(),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "location": location[0] if len(location) == 1 else location,
        "inLanguage": translation.get_language(),
        "url": request.build_absolute_uri(),
        "organizer": {
            "@type": "Organization",
            "name": activity.partner_name
            or (activity.hub.name if activity.hub else "")
            or _("Strong Cities Network"),
        },
    }
    # Escaped so no text of the activity can close the script element.
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _registration_form(request, activity, data=None):
    cities = selectors.cities_for_registration(request.user, activity)
    return RegistrationForm(
        data,
        cities=cities,
        city_required=activity.visibility == Activity.Visibility.MEMBERS,
    )


@require_GET
@public_page
def activity_detail(request, code):
    activity = get_activity_for_user(request, code)
    organiser = rules.has_perm("hubs.organise_activity", request.user, activity)
    registration = selectors.registration_of(request.user, activity)
    context = {
        "activity": activity,
        "registration": registration,
        "documents": selectors.documents_for(request.user, activity, organiser=organiser),
        "seats_held": selectors.seats_held(activity),
        "refusal": services.registration_refusal(activity),
        "json_ld": _json_ld(request, activity)
        if activity.visibility == Activity.Visibility.PUBLIC
        else "",
    }
    if request.user.is_authenticated and registration is None and not context["refusal"]:
        context["form"] = _registration_form(request, activity)
    return render(request, "hubs/activities/detail.html", context)


@login_required
@require_POST
def register(request, code):
    activity = get_activity_for_user(request, code)
    form = _registration_form(request, activity, request.POST)
    if form.is_valid():
        try:
            registration = services.register_for_activity(
                activity=activity,
                user=request.user,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("activities:activity_detail", code=activity.code)
        if registration.status == Registration.Status.WAITING:
            messages.info(
                request, _("Every seat is taken: you are on the wait-list. We will email you.")
            )
        else:
            messages.success(request, _("You are registered. A confirmation is on its way."))
        return redirect("activities:activity_detail", code=activity.code)
    context = {
        "activity": activity,
        "registration": None,
        "documents": selectors.documents_for(request.user, activity, organiser=False),
        "seats_held": selectors.seats_held(activity),
        "refusal": None,
        "form": form,
        "json_ld": "",
    }
    return render(request, "hubs/activities/detail.html", context, status=400)


@login_required
@require_POST
def cancel(request, code):
    """The registrant gives up their seat, wait-list place or offer."""
    registration = (
        Registration.objects.select_related("activity")
        .filter(code=code, user=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        raise Refused
    services.cancel_registration(registration=registration, actor=request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect("activities:activity_detail", code=registration.activity.code)


@private_answer
@require_http_methods(["GET", "POST"])
def offer(request, token):
    """Answer an offer of a seat: the personal link from the email (no sign-in needed).

    GET shows the offer and two buttons; only a POST answers it, so a mail scanner that
    opens the link answers nothing.
    """
    signed = activity_emails.read_offer_token(token)
    if signed is None:
        raise Refused
    registration_id, number = signed
    registration = (
        Registration.objects.select_related("activity", "user").filter(pk=registration_id).first()
    )
    if registration is None:
        raise Refused
    activity = registration.activity
    error = None
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                services.accept_offer(
                    registration=registration, offer=number, actor=registration.user
                )
                messages.success(request, _("The seat is yours. A confirmation is on its way."))
                return redirect("activities:offer", token=token)
            if answer == "decline":
                services.decline_offer(
                    registration=registration, offer=number, actor=registration.user
                )
                messages.info(request, _("You declined the seat; it goes to the next person."))
                return redirect("activities:offer", token=token)
            error = _("Choose to accept or to decline the seat.")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        registration.refresh_from_db()
    answerable = (
        registration.status == Registration.Status.OFFERED
        and registration.offers_made == number
        and registration.offer_expires_at > timezone.now()
    )
    return render(
        request,
        "hubs/activities/offer.html",
        {
            "activity": activity,
            "registration": registration,
            "answerable": answerable,
            "error": error,
        },
        status=400 if error else 200,
    )


@require_GET
def activity_ics(request, code):
    activity = get_activity_for_user(request, code)
    response = HttpResponse(
        activity_emails.activity_ics(activity, language=translation.get_language()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.code}.ics"'
    return response


@require_GET
def document_download(request, code):
    """A document of an activity: public ones of a visible activity for everyone; the
    others for its participants and organisers only."""
    document = ActivityDocument.objects.select_related("activity").filter(code=code).first()
    if document is None or not document.file:
        raise Http404
    activity = get_activity_for_user(request, document.activity.code)
    organiser = rules.has_perm("hubs.organise_activity", request.user, activity)
    if not document.is_public or activity.visibility != Activity.Visibility.PUBLIC:
        if not (organiser or selectors.is_participant(request.user, activity)):
            raise Refused
    name = slugify(document.title)[:80] or "document"
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{name}.pdf",
        content_type="application/pdf",
    )
    if not document.is_public:
        response["Cache-Control"] = "private, no-store"
    return response
