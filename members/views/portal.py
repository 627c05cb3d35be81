"""The member portal of city officials: applications, requests to act for a city, and the
pages of the cities they act for.

Views are thin: they find the city through ``get_city_for_user`` (404 for anyone who does
not act for it), check the rule, and call a service. Every change of state is a POST.
"""

import rules
from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scn_portal.accounts.refusals import Refused
from scn_portal.web.forms import add_service_errors

from .. import rules as city_rules
from ..errors import MembershipError
from ..forms.cities import CityDetailsForm, CityProfileForm, NewCityForm
from ..forms.claims import CitySearchForm, ClaimForm
from ..forms.commitments import PrincipleAgreementForm, SignatoryForm
from ..forms.invitations import InviteForm
from ..forms.people import ContactsForm
from ..models import LocalGovernment, Membership, Official
from ..selectors import portal as selectors
from ..services import applications, cities, claims, commitments, invitations, people
from ..services.applications import ApplicationStep

GET_POST = require_http_methods(["GET", "POST"])


def get_city_for_user(request, code, permission: str = "members.view_city_portal"):
    """The city with this ``code`` if the signed-in person holds ``permission`` on it (by
    default: acts for it); 404 otherwise.

    The same answer for a city that does not exist and one that is not theirs, so nothing
    leaks. The rule is asked directly rather than through ``user.has_perm``, which grants
    every permission to a superuser: staff use the admin, not these pages.
    """
    cities = LocalGovernment.objects.select_related("membership").filter(code=code)
    city = city_rules.with_official_answer(cities, request.user).first()
    if city is None:
        raise Http404
    city_rules.remember_official_answer(city, request.user)
    if not rules.has_perm(permission, request.user, city):
        raise Refused
    return city


def _posted(request, *, files: bool = False):
    """The submitted data of a POST (even an empty one, e.g. an unticked box), else None."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def _tell_location_held(request, proposal) -> None:
    if proposal is not None:
        messages.info(
            request,
            _(
                "The new location is sent to the Management Unit for review. Until staff "
                "accept it, the city keeps its recorded location, and the eligibility "
                "check reads that one."
            ),
        )


# --- Start: a new application, or a request to act for a known city ---------------------


@login_required
@require_GET
def home(request):
    """The person's cities with their applications, and their requests to act for one."""
    return render(
        request,
        "members/portal/home.html",
        {
            "cities": selectors.portal_cities_of(request.user),
            "claims": selectors.claims_of(request.user),
        },
    )


@verified_email_required
@GET_POST
def start_application(request):
    form = NewCityForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        city = form.save(commit=False)
        try:
            applications.apply_for_new_city(
                local_government=city, role=form.cleaned_data["role"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The application is saved as a draft. Next: the contacts."))
            return redirect("members:application_contacts", code=city.code)
    return render(
        request,
        "members/portal/application_start.html",
        {"form": form, "steps": _steps("details")},
    )


@verified_email_required
@GET_POST
def claim(request):
    """Search the known local governments, then ask to act for one (staff confirm it)."""
    search = CitySearchForm(request.GET or None)
    results = (
        selectors.search_known_cities(search.cleaned_data["q"], user=request.user)
        if search.is_valid()
        else []
    )
    city_code = request.POST.get("city") or request.GET.get("city")
    chosen = _known_city(city_code)
    form = ClaimForm(_posted(request), initial={"city": chosen.code if chosen else None})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["city"]
        try:
            claims.ask_to_act_for(
                local_government=chosen,
                user=request.user,
                role=form.cleaned_data["role"],
                position=form.cleaned_data["position"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Your request to act for %(city)s is sent. The Management Unit "
                    "confirms it before you can see the city's pages."
                )
                % {"city": chosen.name},
            )
            return redirect("members:portal")
    return render(
        request,
        "members/portal/claim.html",
        {"search": search, "results": results, "form": form, "chosen": chosen},
    )


def _known_city(code) -> LocalGovernment | None:
    """The city a claim link or form names by its code; None for anything else typed."""
    if not code:
        return None
    try:
        return LocalGovernment.objects.filter(code=code).first()
    except ValidationError:  # not a UUID
        return None


# --- A city's page ------------------------------------------------------------------------


@login_required
@require_GET
def city(request, code):
    city = get_city_for_user(request, code)
    page = selectors.city_page(city)
    return render(
        request,
        "members/portal/city.html",
        {
            "city": city,
            "page": page,
            "may_edit_application": rules.has_perm("members.edit_application", request.user, city),
            "may_apply": rules.has_perm("members.start_application", request.user, city),
            "may_invite": rules.has_perm("members.invite_colleague", request.user, city),
            "next_step_url": _next_step_url(city),
        },
    )


@login_required
@require_POST
def restart_application(request, code):
    """A known city without an open application (never applied, withdrawn, rejected or
    lapsed) opens a new one; its details are kept and can be corrected. The service
    refuses a second open application, or a city that is already a member, and says so."""
    city = get_city_for_user(request, code)
    try:
        applications.start_application(local_government=city, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("members:city_portal", code=city.code)
    return redirect("members:application_details", code=city.code)


# --- The application, step by step ------------------------------------------------------


def _draft_city(request, code) -> LocalGovernment | None:
    """The city if its application is a draft the person may change; else None (and a
    message: the page sends them to the city's status)."""
    city = get_city_for_user(request, code)
    if rules.has_perm("members.edit_application", request.user, city):
        return city
    messages.info(request, _("This application is not a draft: it can no longer be changed."))
    return None


def _next_step_url(city: LocalGovernment) -> str | None:
    """Where the draft continues, from what ``application_step`` records."""
    membership = selectors.membership_of(city)
    if membership is None or membership.status != Membership.Status.APPLICANT:
        return None
    step = membership.application_step
    code = city.code
    if step < ApplicationStep.DETAILS:
        return reverse("members:application_details", kwargs={"code": code})
    if step < ApplicationStep.CONTACTS:
        return reverse("members:application_contacts", kwargs={"code": code})
    if step < ApplicationStep.COMMITMENT:
        _version, principles = selectors.current_principles()
        agreed = ApplicationStep.principles_agreed(step, len(principles))
        if agreed < len(principles):
            return reverse(
                "members:application_principle",
                kwargs={"code": code, "number": principles[agreed].number},
            )
        return reverse("members:application_signatory", kwargs={"code": code})
    return reverse("members:application_review", kwargs={"code": code})


@login_required
@require_GET
def application(request, code):
    city = _draft_city(request, code)
    if city is None:
        return redirect("members:city_portal", code=code)
    return redirect(_next_step_url(city))


def _steps(current: str, *, reached: int = ApplicationStep.STARTED) -> list[dict]:
    """The application's steps for the progress list at the top of each step, the first
    included (``reached``: the draft's ``application_step``; nothing done before it exists)."""
    names = [
        ("details", _("The local government"), ApplicationStep.DETAILS),
        ("contacts", _("Contacts"), ApplicationStep.CONTACTS),
        ("principles", _("The guiding principles"), ApplicationStep.COMMITMENT),
        ("signatory", _("Signatory and letter"), ApplicationStep.COMMITMENT),
        ("review", _("Review and submit"), None),
    ]
    return [
        {
            "key": key,
            "label": label,
            "done": done is not None and reached >= done,
            "current": key == current,
        }
        for key, label, done in names
    ]


def _steps_of(city: LocalGovernment, current: str) -> list[dict]:
    return _steps(current, reached=city.membership.application_step)


@login_required
@GET_POST
def application_details(request, code):
    city = _draft_city(request, code)
    if city is None:
        return redirect("members:city_portal", code=code)
    form = CityDetailsForm(_posted(request), instance=city)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        try:
            proposal = cities.save_city_details(
                local_government=city, fields=form.changed_data, actor=request.user
            )
            applications.record_application_progress(
                membership=city.membership, step=ApplicationStep.DETAILS, actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The local government's details are saved."))
            _tell_location_held(request, proposal)
            return redirect("members:application_contacts", code=city.code)
    return render(
        request,
        "members/portal/application_details.html",
        {"city": city, "form": form, "steps": _steps_of(city, "details")},
    )


def _contacts_form(request, city: LocalGovernment) -> ContactsForm:
    current = {
        role: selectors.contact_for(city, role)
        for role in (Official.Role.MAYOR, Official.Role.FOCAL_POINT)
    }
    return ContactsForm(_posted(request), initial=ContactsForm.initial_from(current))


def _save_contacts(request, city: LocalGovernment, form: ContactsForm) -> None:
    people.save_city_contacts(local_government=city, contacts=form.contacts(), actor=request.user)


@login_required
@GET_POST
def application_contacts(request, code):
    city = _draft_city(request, code)
    if city is None:
        return redirect("members:city_portal", code=code)
    form = _contacts_form(request, city)
    if request.method == "POST" and form.is_valid():
        _save_contacts(request, city, form)
        applications.record_application_progress(
            membership=city.membership, step=ApplicationStep.CONTACTS, actor=request.user
        )
        messages.success(request, _("The contacts are saved."))
        return redirect(_next_step_url(city))
    return render(
        request,
        "members/portal/application_contacts.html",
        {"city": city, "form": form, "steps": _steps_of(city, "contacts")},
    )


class _ApplicationCommitment:
    """The principles and signatory steps inside the application: progress is kept in
    ``Membership.application_step`` (the database), so the official can come back."""

    kind = "application"

    def __init__(self, request, city: LocalGovernment):
        self.request, self.city = request, city

    def agreed(self, total: int) -> int:
        return ApplicationStep.principles_agreed(self.city.membership.application_step, total)

    def agree(self, number_agreed: int) -> None:
        applications.record_application_progress(
            membership=self.city.membership,
            step=ApplicationStep.PRINCIPLES + number_agreed,
            actor=self.request.user,
        )

    def committed(self) -> None:
        applications.record_application_progress(
            membership=self.city.membership,
            step=ApplicationStep.COMMITMENT,
            actor=self.request.user,
        )

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"members:application_{name}", kwargs={"code": self.city.code, **kwargs})

    def done_url(self) -> str:
        return self.url("review")

    def steps(self, current: str) -> list[dict]:
        return _steps_of(self.city, current)


class _Recommitment(_ApplicationCommitment):
    """The same steps for a member recommitting to a new version. The member's progress
    lives in the session: a recommitment is short, and membership is not at stake."""

    kind = "recommit"

    def _key(self) -> str:
        return f"members.recommit.{self.city.code}"

    def agreed(self, total: int) -> int:
        version, _principles = selectors.current_principles()
        saved = self.request.session.get(self._key()) or {}
        if version is None or saved.get("version") != version.pk:
            return 0
        return min(saved.get("agreed", 0), total)

    def agree(self, number_agreed: int) -> None:
        version, _principles = selectors.current_principles()
        self.request.session[self._key()] = {"version": version.pk, "agreed": number_agreed}

    def committed(self) -> None:
        self.request.session.pop(self._key(), None)

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"members:recommit_{name}", kwargs={"code": self.city.code, **kwargs})

    def done_url(self) -> str:
        return reverse("members:city_portal", kwargs={"code": self.city.code})

    def steps(self, current: str) -> list[dict]:
        return []


def _principle_step(request, flow: _ApplicationCommitment, number: int):
    """One principle, in the page's language, with its own explicit agreement."""
    version, principles = selectors.current_principles()
    if version is None:
        messages.error(request, _("No version of the guiding principles is in force yet."))
        return redirect("members:city_portal", code=flow.city.code)
    agreed = flow.agreed(len(principles))
    index = next((i for i, p in enumerate(principles) if p.number == number), None)
    if index is None or index > agreed:
        # Unknown number, or further on than the next principle to agree: no skipping.
        if agreed >= len(principles):
            return redirect(flow.url("signatory"))
        return redirect(flow.url("principle", number=principles[agreed].number))
    principle = principles[index]
    form = PrincipleAgreementForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        flow.agree(max(agreed, index + 1))
        if index + 1 < len(principles):
            return redirect(flow.url("principle", number=principles[index + 1].number))
        return redirect(flow.url("signatory"))
    return render(
        request,
        "members/portal/principle.html",
        {
            "city": flow.city,
            "flow": flow,
            "form": form,
            "version": version,
            "principle": principle,
            "position": index + 1,
            "total": len(principles),
            "already_agreed": index < agreed,
            "previous": principles[index - 1] if index else None,
            "previous_url": (
                flow.url("principle", number=principles[index - 1].number) if index else None
            ),
            "steps": flow.steps("principles"),
        },
    )


def _signatory_step(request, flow: _ApplicationCommitment):
    version, principles = selectors.current_principles()
    if version is None:
        messages.error(request, _("No version of the guiding principles is in force yet."))
        return redirect("members:city_portal", code=flow.city.code)
    agreed = flow.agreed(len(principles))
    if agreed < len(principles):
        messages.info(request, _("Agree to each guiding principle first."))
        return redirect(flow.url("principle", number=principles[agreed].number))
    form = SignatoryForm(_posted(request), _posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commitments.record_commitment(
                local_government=flow.city,
                version=version,
                agreed=principles,
                signatory_name=data["signatory_name"],
                signatory_title=data["signatory_title"],
                signatory_role=data["signatory_role"],
                delegation_note=data["delegation_note"],
                signed_on=data["signed_on"],
                letter=data["letter"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flow.committed()
            messages.success(
                request,
                _("The commitment to the guiding principles (%(version)s) is recorded.")
                % {"version": version.label},
            )
            return redirect(flow.done_url())
    return render(
        request,
        "members/portal/signatory.html",
        {
            "city": flow.city,
            "flow": flow,
            "form": form,
            "version": version,
            "last_principle": principles[-1] if principles else None,
            "steps": flow.steps("signatory"),
        },
    )


@login_required
@GET_POST
def application_principle(request, code, number):
    city = _draft_city(request, code)
    if city is None:
        return redirect("members:city_portal", code=code)
    if city.membership.application_step < ApplicationStep.CONTACTS:
        return redirect(_next_step_url(city))
    return _principle_step(request, _ApplicationCommitment(request, city), number)


@login_required
@GET_POST
def application_signatory(request, code):
    city = _draft_city(request, code)
    if city is None:
        return redirect("members:city_portal", code=code)
    if city.membership.application_step < ApplicationStep.CONTACTS:
        return redirect(_next_step_url(city))
    return _signatory_step(request, _ApplicationCommitment(request, city))


@login_required
@require_GET
def application_review(request, code):
    city = _draft_city(request, code)
    if city is None:
        return redirect("members:city_portal", code=code)
    if city.membership.application_step < ApplicationStep.COMMITMENT:
        return redirect(_next_step_url(city))
    return render(
        request,
        "members/portal/application_review.html",
        {
            "city": city,
            "steps": _steps_of(city, "review"),
            "page": selectors.city_page(city),
            **selectors.application_review(city),
        },
    )


@login_required
@require_POST
def application_submit(request, code):
    city = _draft_city(request, code)
    if city is None:
        return redirect("members:city_portal", code=code)
    if city.membership.application_step < ApplicationStep.COMMITMENT:
        return redirect(_next_step_url(city))
    try:
        record = applications.submit_application(membership=city.membership, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("members:application_review", code=city.code)
    if record.to_status == Membership.Status.INELIGIBLE:
        messages.warning(request, _("The application is submitted, but the city is not eligible."))
    else:
        messages.success(
            request, _("The application is submitted. The Management Unit will review it.")
        )
    return redirect("members:city_portal", code=city.code)


# --- A member keeps its city up to date ------------------------------------------------


@login_required
@GET_POST
def recommit_principle(request, code, number):
    city = get_city_for_user(request, code, "members.recommit")
    return _principle_step(request, _Recommitment(request, city), number)


@login_required
@GET_POST
def recommit_signatory(request, code):
    city = get_city_for_user(request, code, "members.recommit")
    return _signatory_step(request, _Recommitment(request, city))


@login_required
@require_GET
def recommit(request, code):
    city = get_city_for_user(request, code, "members.recommit")
    flow = _Recommitment(request, city)
    _version, principles = selectors.current_principles()
    if not principles:
        return redirect("members:city_portal", code=city.code)
    agreed = flow.agreed(len(principles))
    if agreed >= len(principles):
        return redirect(flow.url("signatory"))
    return redirect(flow.url("principle", number=principles[agreed].number))


@login_required
@GET_POST
def city_profile(request, code):
    city = get_city_for_user(request, code, "members.edit_city_profile")
    form = CityProfileForm(_posted(request), instance=city)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        try:
            proposal = cities.save_city_details(
                local_government=city,
                fields=[f for f in form.changed_data if f != "priorities"],
                actor=request.user,
            )
            if "priorities" in form.changed_data:
                cities.set_city_priorities(
                    local_government=city,
                    priorities=form.cleaned_data["priorities"],
                    actor=request.user,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The city's profile is saved."))
            _tell_location_held(request, proposal)
            return redirect("members:city_portal", code=city.code)
    return render(
        request,
        "members/portal/city_profile.html",
        {
            "city": city,
            "form": form,
            "pending_location_change": selectors.pending_location_change(city),
        },
    )


@login_required
@GET_POST
def city_contacts(request, code):
    city = get_city_for_user(request, code, "members.edit_city_contacts")
    form = _contacts_form(request, city)
    if request.method == "POST" and form.is_valid():
        _save_contacts(request, city, form)
        messages.success(request, _("The contacts are saved."))
        return redirect("members:city_portal", code=city.code)
    return render(
        request,
        "members/portal/city_contacts.html",
        {"city": city, "form": form, "officials": list(selectors.active_officials(city))},
    )


@login_required
@GET_POST
def invite(request, code):
    city = get_city_for_user(request, code)
    if not rules.has_perm("members.invite_colleague", request.user, city):
        messages.info(
            request,
            _("A city can invite colleagues once the Management Unit has admitted it as a member."),
        )
        return redirect("members:city_portal", code=city.code)
    form = InviteForm(_posted(request), initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite_colleague(
                local_government=city,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                message=form.cleaned_data["message"],
                actor=request.user,
            )
        except MembershipError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The invitation to %(email)s is on its way. Their request to act for the city "
                    "still needs the Management Unit's confirmation."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("members:city_portal", code=city.code)
    return render(request, "members/portal/invite.html", {"city": city, "form": form})
