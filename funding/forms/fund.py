"""Forms of the Technical Support Fund: the city's application and reports, the reviewer's
declaration and scores, and staff's decisions in the admin. They collect input; the
services in ``funding.services.fund`` decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.models import Expert
from hubs.models import Activity, Hub
from members.eligibility import eligible_cities
from members.models import LocalGovernment, StrategicPriority
from scn_portal.accounts.rules import is_mu_staff
from scn_portal.web.forms import IdChoicesField

from ..models import FundApplication, FundReport, FundRound, SupportKind
from ..models.fund import MAX_SCORE, USD
from ..selectors.fund import open_rounds


def _amount(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, **USD, **kwargs)


# --- The city's side --------------------------------------------------------------------


class StartApplicationForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Round"), queryset=FundRound.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title of the application"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = open_rounds()


class ApplicationDraftForm(forms.ModelForm):
    priorities = IdChoicesField(
        label=_("Strategic priorities served"),
        queryset=StrategicPriority.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_cities = IdChoicesField(
        label=_("Other member cities involved"),
        queryset=LocalGovernment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Member cities taking part in designing or delivering the support."),
    )
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    requested_usd = _amount(_("Requested budget (USD)"), required=False)

    class Meta:
        model = FundApplication
        fields = [
            "title",
            "need",
            "priorities",
            "support_kind",
            "other_cities",
            "starts_on",
            "ends_on",
            "timeline",
            "requested_usd",
            "in_kind_needs",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        fund_round = application.round
        priorities = fund_round.priorities.all()
        if priorities.exists():
            self.fields["priorities"].queryset = priorities
        kinds = fund_round.support_kinds.filter(is_active=True)
        self.fields["support_kind"].queryset = (
            kinds if kinds.exists() else SupportKind.objects.filter(is_active=True)
        )
        self.fields["other_cities"].queryset = (
            eligible_cities().exclude(pk=application.local_government_id).order_by("name")
        )


class ReportForm(forms.ModelForm):
    summary = forms.CharField(label=_("What was done and learned"), widget=forms.Textarea)
    file = forms.FileField(label=_("Report (PDF)"))

    class Meta:
        model = FundReport
        fields = ["summary", "file"]


# --- The reviewer's side ----------------------------------------------------------------


class ConflictForm(forms.Form):
    conflicted = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[
            ("no", _("No: I have no conflict of interest")),
            ("yes", _("Yes: I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("If yes, what is it?"), widget=forms.Textarea, required=False)


class ScoreForm(forms.Form):
    """One score per criterion of the round's rubric, from 0 to MAX_SCORE."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea, required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                help_text=criterion.guidance,
                choices=[(str(n), str(n)) for n in range(MAX_SCORE + 1)],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.order_fields([*(f"criterion_{c.pk}" for c in self.criteria), "comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


# --- Staff's decisions in the admin -------------------------------------------------------


class ScreenForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Outcome of the screening"),
        choices=[
            ("yes", _("Eligible and aligned: goes to review")),
            ("no", _("Not eligible or not aligned: declined")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons (eligibility and alignment)"),
        widget=forms.Textarea,
        help_text=_("The city reads them."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea, help_text=_("The city reads them.")
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class AssignReviewersForm(forms.Form):
    reviewers = IdChoicesField(
        label=_("Reviewers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff and experts of the pool; each declares conflicts of interest first."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_staff=True) | Q(person__expert__isnull=False))
            .order_by("full_name", "email")
        )


class ApproveForm(forms.Form):
    amount_usd = _amount(_("Approved amount (USD)"))
    conditions = forms.CharField(label=_("Conditions"), widget=forms.Textarea, required=False)
    reason = forms.CharField(
        label=_("Reasons for the decision"), widget=forms.Textarea, required=False
    )


class AmendForm(forms.Form):
    amount_usd = _amount(_("New approved amount (USD)"))
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea)


class DisbursementForm(forms.Form):
    amount_usd = _amount(_("Amount paid (USD)"))
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)


class DeliveryForm(forms.Form):
    """Who delivers an approved grant. Hub staff choose only among their own hubs and
    those hubs' activities (or the Management Unit's own); any other id is refused."""

    takes_application = True  # the admin passes the application and the user

    hub = forms.ModelChoiceField(
        label=_("Delivering hub"),
        queryset=Hub.objects.none(),
        required=False,
        help_text=_("The regional hub that delivers the support, if one does."),
    )
    activities = IdChoicesField(
        label=_("Activities delivering the grant"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    experts = IdChoicesField(
        label=_("Experts engaged from the pool"),
        queryset=Expert.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, application, user, **kwargs):
        super().__init__(*args, **kwargs)
        hubs = Hub.objects.active()
        if not is_mu_staff(user):
            hubs = hubs.filter(staff__user=user)
            self.fields["hub"].required = True
        self.fields["hub"].queryset = hubs.order_by("name")
        self.fields["activities"].queryset = (
            Activity.objects.exclude(status=Activity.Status.CANCELLED)
            .filter(Q(hub__in=hubs) | Q(hub__isnull=True))
            .order_by("-starts_at", "pk")
        )
        self.fields["experts"].queryset = (
            Expert.objects.filter(is_active=True)
            .select_related("person")
            .order_by("person__full_name", "pk")
        )
        if not self.is_bound:
            self.initial = {
                "hub": application.hub_id,
                "activities": list(application.activities.values_list("pk", flat=True)),
                "experts": list(application.experts.values_list("pk", flat=True)),
            }
