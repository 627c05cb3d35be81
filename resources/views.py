"""The resource hub's pages.

Public: the list (search, filters with their counts, newest and most viewed), a
resource's page and its files; what a visitor may not read answers 404, a guessed
address included. Portal: a city official or hub staff member submits a good practice
and changes it when staff ask. Staff: the review page (publish, ask for changes, archive).
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import LocalGovernment
from members.selectors.directory import language_names
from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.web.forms import add_service_errors
from scn_portal.web.page_cache import public_page

from . import selectors
from .filters import ResourceFilter
from .forms import ReviewNoteForm, SubmissionForm
from .models import Resource, ResourceFile
from .services import resources as services

RESOURCES_PER_PAGE = 20
FRONT_PAGE_COUNT = 5


def _with_counts(filterset, counts: dict) -> None:
    """Write how many results carry each value next to it, in the filter form."""
    form = filterset.form
    for name in ("kind", "author", "language"):
        field = form.fields[name]
        field.choices = [
            (value, f"{label} ({counts[name].get(str(value), 0)})" if value else label)
            for value, label in field.choices
        ]
    for name in ("priority", "theme", "region"):
        field = form.fields[name]
        by_code = counts[name]
        field.label_from_instance = lambda obj, by_code=by_code: (
            f"{obj} ({by_code.get(obj.code, 0)})"
        )


@require_GET
@public_page
def resource_list(request):
    readable = selectors.readable_resources(request.user)
    data = request.GET.copy()
    filterset = ResourceFilter(data, queryset=readable, request=request)
    found = filterset.found()
    counts = selectors.facet_counts(found)
    _with_counts(filterset, counts)
    page = Paginator(found.prefetch_related("priorities"), RESOURCES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    filtered = filterset.is_filtered()
    context = {
        "filter": filterset,
        "page_obj": page,
        "resources": page.object_list,
        "filtered": filtered,
    }
    if not filtered:
        context["newest"] = list(readable.order_by("-published_on", "-pk")[:FRONT_PAGE_COUNT])
        context["most_viewed"] = list(readable.order_by("-views", "-pk")[:FRONT_PAGE_COUNT])
    return render(request, "resources/list.html", context)


@require_GET
def resource_detail(request, code):
    resource = selectors.get_resource_for_user(request.user, code)
    if resource is None:
        raise Refused
    services.count_view(resource=resource)
    return render(
        request,
        "resources/detail.html",
        {
            "resource": resource,
            "files": resource.files.all(),
            "related": selectors.related_resources(resource, request.user),
            "languages": language_names(resource.languages),
            "may_review": rules.has_perm("resources.review_resource", request.user, resource),
        },
    )


@require_GET
def file_download(request, code):
    """A resource's file, to whoever may read the resource; 404 to anyone else."""
    attached = ResourceFile.objects.select_related("resource").filter(code=code).first()
    if attached is None or not attached.file:
        raise Http404
    resource = attached.resource
    if not rules.has_perm("resources.read_resource", request.user, resource):
        if not rules.has_perm("resources.review_resource", request.user, resource):
            raise Refused
    services.count_download(resource=resource)
    content_type = {
        "pdf": "application/pdf",
        "image": "image/png" if attached.extension == "png" else "image/jpeg",
    }.get(attached.format, "application/octet-stream")
    response = FileResponse(
        attached.file.open("rb"),
        as_attachment=True,
        filename=f"{slug_of(attached.title)}.{attached.extension or 'bin'}",
        content_type=content_type,
    )
    if resource.visibility != Resource.Visibility.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    return response


def slug_of(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title)[:80] or "resource"


# --- Submissions from the portal ---------------------------------------------------------


def _cities_of(user):
    return LocalGovernment.objects.acted_for_by(user).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def submit(request):
    """A city official (for a city they act for) or a hub's staff submits a good practice."""
    if not rules.has_perm("resources.submit_good_practice", request.user):
        raise Refused
    cities = _cities_of(request.user)
    form = SubmissionForm(request.POST or None, request.FILES or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.submit_good_practice(
                actor=request.user,
                values=form.values(),
                language=get_language(),
                city=form.cleaned_data.get("city"),
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(
                request,
                _("Thank you: the Management Unit will review “%(title)s” before it is published.")
                % {"title": resource.title},
            )
            return redirect("resources:submissions")
    return render(request, "resources/submit.html", {"form": form})


@login_required
@require_GET
def submissions(request):
    """What this person submitted, with where each stands."""
    if not rules.has_perm("resources.submit_good_practice", request.user):
        raise Refused
    mine = Resource.objects.filter(submitted_by=request.user).order_by(F("updated_at").desc())
    return render(request, "resources/submissions.html", {"submissions": mine})


@login_required
@require_http_methods(["GET", "POST"])
def edit_submission(request, code):
    resource = Resource.objects.filter(code=code, submitted_by=request.user).first()
    if resource is None:
        raise Refused
    if resource.status != Resource.Status.DRAFT:
        messages.info(request, _("This submission is with the Management Unit."))
        return redirect("resources:submissions")
    initial = {name: getattr(resource, name) for name in services.SUBMITTED_FIELDS}
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        cities=None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_submission(
                resource=resource,
                actor=request.user,
                values=form.values(),
                language=get_language(),
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, _("Sent to the Management Unit for review again."))
            return redirect("resources:submissions")
    return render(request, "resources/submit.html", {"form": form, "resource": resource})


# --- Staff review ------------------------------------------------------------------------


def get_resource_to_review(request, code) -> Resource:
    resource = Resource.objects.filter(code=code).first()
    if resource is None or not rules.has_perm("resources.review_resource", request.user, resource):
        raise Refused
    return resource


@staff_page
@login_required
@require_GET
def review(request, code):
    resource = get_resource_to_review(request, code)
    return render(
        request,
        "resources/review.html",
        {"resource": resource, "files": resource.files.all(), "note_form": ReviewNoteForm()},
    )


@staff_page
@login_required
@require_POST
def review_decide(request, code):
    resource = get_resource_to_review(request, code)
    decision = request.POST.get("decision")
    note_form = ReviewNoteForm(request.POST)
    try:
        if decision == "publish":
            services.publish_resource(resource=resource, actor=request.user)
            messages.success(request, _("Published."))
        elif decision == "archive":
            services.archive_resource(resource=resource, actor=request.user)
            messages.success(request, _("Archived: the resource is no longer on the hub."))
        elif decision == "changes" and note_form.is_valid():
            services.request_changes(
                resource=resource, actor=request.user, note=note_form.cleaned_data["note"]
            )
            messages.success(request, _("Sent back to the submitter with your note."))
        else:
            raise ValidationError(_("Say what should change."), code="note_required")
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return render(
            request,
            "resources/review.html",
            {"resource": resource, "files": resource.files.all(), "note_form": note_form},
            status=400,
        )
    return redirect("resources:review", code=resource.code)
