"""The admin's forms of ISC terms and co-chair terms, and of the actions on them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Person
from scn_portal.web.forms import ChecksWithService

from ..models import CoChairTerm, IscTerm, Term
from ..services import isc as isc_services


class TermForm(ChecksWithService, forms.ModelForm):
    """A new term: runs the service's rules of the term while holding the committee's lock.

    The admin validates and saves inside one transaction, so the lock taken here is held
    until the service saves the term: two staff members adding the 25th seat at once
    cannot both pass.
    """

    rules_of_term = None  # the service's check of this kind of term

    def check(self, data: dict) -> None:
        if self.errors:
            return
        type(self).rules_of_term(
            person=data["person"],
            local_government=data["local_government"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            previous=data.get("previous"),
            exclude=self.instance,
        )


class TermCorrectionForm(ChecksWithService, forms.ModelForm):
    """A recorded term, corrected: its holder and city stay (they are read-only), so only
    the rules about its dates are asked (``rules_of_dates``, the service's check)."""

    rules_of_dates = None

    def check(self, data: dict) -> None:
        if self.errors:
            return
        type(self).rules_of_dates(
            term=self.instance, starts_on=data["starts_on"], ends_on=data["ends_on"]
        )


class IscTermForm(TermForm):
    rules_of_term = isc_services.check_isc_appointment

    class Meta:
        model = IscTerm
        fields = ["person", "local_government", "capacity", "starts_on", "ends_on", "previous"]


class IscTermCorrectionForm(TermCorrectionForm):
    rules_of_dates = isc_services.check_isc_term_dates

    class Meta:
        model = IscTerm
        fields = ["capacity", "starts_on", "ends_on"]


class CoChairTermForm(TermForm):
    rules_of_term = isc_services.check_co_chair_appointment

    class Meta:
        model = CoChairTerm
        fields = [
            "person",
            "local_government",
            "starts_on",
            "ends_on",
            "decided_on",
            "method",
            "result",
            "previous",
        ]


class CoChairTermCorrectionForm(TermCorrectionForm):
    rules_of_dates = isc_services.check_co_chair_dates

    class Meta:
        model = CoChairTerm
        fields = ["starts_on", "ends_on", "decided_on", "method", "result"]


# --- The actions on terms ------------------------------------------------------------------


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EndTermForm(forms.Form):
    """Why and when a term ends early (the same for every term selected)."""

    ends_on = forms.DateField(
        label=_("Last day of the term"),
        widget=_date_input(),
        help_text=_("After the day it started, and not after its planned end."),
    )
    reason = forms.ChoiceField(
        label=_("Why it ends early"),
        choices=[
            (value, label)
            for value, label in Term.EndReason.choices
            if value != Term.EndReason.REPLACED  # set by "Replace the holder"
        ],
    )
    note = forms.CharField(
        label=_("More about it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required for another reason."),
    )


class EndIscTermForm(EndTermForm):
    """As ``EndTermForm``; says what goes with the seat."""

    ends_on = forms.DateField(
        label=_("Last day of the term"),
        widget=_date_input(),
        help_text=_(
            "After the day it started, and not after its planned end. A co-chair term of "
            "the holder for the city ends the same day at the latest, and a renewal that "
            "has not started is withdrawn."
        ),
    )


class RenewTermForm(forms.Form):
    years = forms.IntegerField(
        label=_("Years"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_("The committee's default term if left empty."),
    )


def replace_holder_form(terms) -> type[forms.Form]:
    """The form that names the new holder: one of the people who act for the city of the
    selected term (the rules would refuse anyone else)."""
    cities = {term.local_government_id for term in terms}
    people = (
        Person.objects.filter(officials__local_government_id__in=cities, officials__is_active=True)
        .exclude(pk__in=[term.person_id for term in terms])
        .distinct()
        .order_by("full_name")
    )

    class ReplaceHolderForm(forms.Form):
        person = forms.ModelChoiceField(
            label=_("New holder"),
            queryset=people,
            help_text=_("Among the people who act for the city."),
        )
        starts_on = forms.DateField(
            label=_("Takes the seat on"),
            widget=_date_input(),
            help_text=_(
                "The present holder's term ends the day before; the new holder's runs to "
                "the seat's planned end."
            ),
        )

    return ReplaceHolderForm
