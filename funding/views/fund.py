"""The Technical Support Fund in the member portal, under /<lang>/fund/ (namespace
"funding"): a city's officials apply, follow their applications, download the grant
letter and submit reports; a reviewer declares conflicts and scores.

Views are thin: they find the record through a helper that answers 404 to anyone it is
not for (``_application_for``), and call a service. Every change of state is a POST.
"""

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.eligibility import eligibility
from members.views.portal import get_city_for_user
from scn_portal.accounts.refusals import Refused
from scn_portal.reminders.delivery import supported_language
from scn_portal.reports.rendering import render_pdf
from scn_portal.web.forms import add_service_errors

from ..forms.fund import (
    ApplicationDraftForm,
    ConflictForm,
    ReportForm,
    ScoreForm,
    StartApplicationForm,
)
from ..models import FundApplication, FundReport, FundReview
from ..selectors.fund import cities_applying, open_rounds, reviews_of
from ..services import fund as services

GET_POST = require_http_methods(["GET", "POST"])


def _application_for(request, code, permission: str) -> FundApplication:
    """The application with this ``code`` if the signed-in person holds ``permission`` on
    it; 404 otherwise (the same for one that does not exist)."""
    application = (
        FundApplication.objects.select_related("round", "local_government", "hub", "support_kind")
        .filter(code=code)
        .first()
    )
    if application is None:
        raise Http404
    if not rules.has_perm(permission, request.user, application):
        raise Refused
    return application


@login_required
@require_GET
def home(request):
    """Open rounds, the person's cities with their applications, and reviews asked of them."""
    return render(
        request,
        "funding/fund/home.html",
        {
            "rounds": open_rounds(),
            "cities": cities_applying(request.user),
            "reviews": reviews_of(request.user),
        },
    )


@login_required
@GET_POST
def start(request, code):
    """Start a draft for a city; a city that may not hold member benefits sees why."""
    city = get_city_for_user(request, code, "funding.apply_to_fund")
    result = eligibility(city)
    form = StartApplicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                local_government=city,
                fund_round=form.cleaned_data["round"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The application is saved as a draft."))
            return redirect("fund:edit", code=application.code)
    status = 400 if form.errors else 200
    return render(
        request,
        "funding/fund/start.html",
        {"city": city, "eligibility": result, "form": form},
        status=status,
    )


@login_required
@require_GET
def application(request, code):
    application = _application_for(request, code, "funding.view_fund_application")
    return render(
        request,
        "funding/fund/application.html",
        {
            "application": application,
            "transitions": application.transitions.all(),
            "reports": application.reports.all(),
            "milestones": application.milestones.all(),
            "activities": application.activities.order_by("starts_at", "pk"),
            "experts": application.experts.select_related("person").order_by(
                "person__full_name", "pk"
            ),
            "may_edit": rules.has_perm("funding.edit_fund_application", request.user, application),
            "may_withdraw": rules.has_perm(
                "funding.withdraw_fund_application", request.user, application
            ),
            "may_get_letter": rules.has_perm("funding.get_grant_letter", request.user, application),
            "missing": services.completeness_errors(application) if application.is_draft else {},
        },
    )


@login_required
@GET_POST
def edit(request, code):
    application = _application_for(request, code, "funding.edit_fund_application")
    form = ApplicationDraftForm(
        request.POST if request.method == "POST" else None, instance=application
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
        try:
            services.update_draft(
                application=application,
                data=data,
                priorities=form.cleaned_data["priorities"],
                other_cities=form.cleaned_data["other_cities"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("fund:application", code=application.code)
    return render(
        request,
        "funding/fund/edit.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def submit(request, code):
    application = _application_for(request, code, "funding.edit_fund_application")
    try:
        services.submit_application(application=application, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The application is submitted to the Management Unit for screening.")
        )
    return redirect("fund:application", code=application.code)


@login_required
@require_POST
def withdraw(request, code):
    application = _application_for(request, code, "funding.withdraw_fund_application")
    try:
        services.withdraw_application(application=application, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect("fund:application", code=application.code)


@login_required
@require_GET
def grant_letter(request, code):
    """The grant letter as a PDF, in the city's language of work (or the page's)."""
    application = _application_for(request, code, "funding.get_grant_letter")
    city = application.local_government
    asked = request.GET.get("language")
    language = supported_language(
        asked if asked in dict(settings.LANGUAGES) else None,
        *(city.languages or []),
        get_language(),
    )
    pdf = render_pdf(
        template="print/grant_letter.html",
        context={"application": application, "city": city, "title": application.title},
        language=language,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(city.name_en or "city") or "city"
    response["Content-Disposition"] = f'attachment; filename="grant-letter-{name}.pdf"'
    return response


@login_required
@GET_POST
def report(request, code, kind):
    application = _application_for(request, code, "funding.report_on_grant")
    due = get_object_or_404(FundReport, application=application, kind=kind)
    if due.submitted_at is not None:
        messages.info(request, _("This report is already submitted."))
        return redirect("fund:application", code=application.code)
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=due,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_report(
                report=due,
                summary=form.cleaned_data["summary"],
                file=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            due.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The report is submitted. Thank you."))
            return redirect("fund:application", code=application.code)
    return render(
        request,
        "funding/fund/report.html",
        {"application": application, "report": due, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@GET_POST
def review(request, code):
    """A reviewer's page: the application, the declaration of conflicts first, then the
    scores on the rubric. Nobody else's scores are shown here."""
    review = (
        FundReview.objects.select_related("application__round", "application__local_government")
        .filter(application__code=code, reviewer=request.user)
        .first()
    )
    if review is None or not rules.has_perm("funding.give_review", request.user, review):
        raise Refused
    application = review.application
    criteria = list(application.round.rubric.all())
    posted = request.POST if request.method == "POST" else None
    conflict_form = ConflictForm(posted if review.declared_at is None else None)
    score_form = ScoreForm(
        posted if review.declared_at is not None else None,
        criteria=criteria,
        initial={
            "comment": review.comment,
            **{f"criterion_{s.criterion_id}": s.score for s in review.scores.all()},
        },
    )
    form = conflict_form if review.declared_at is None else score_form
    if request.method == "POST" and form.is_valid():
        try:
            if form is conflict_form:
                services.declare_conflict(
                    review=review,
                    conflicted=form.cleaned_data["conflicted"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
                message = _("Your declaration is recorded.")
            else:
                services.score_application(
                    review=review,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    actor=request.user,
                )
                message = _("Your scores are recorded.")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("fund:review", code=application.code)
    return render(
        request,
        "funding/fund/review.html",
        {"review": review, "application": application, "form": form},
        status=400 if form.errors else 200,
    )
