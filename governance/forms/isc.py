"""The admin's forms of ISC terms and co-chair terms."""

from django import forms

from ..models import CoChairTerm, IscTerm
from ..services import isc as isc_services
from . import ChecksWithService


class TermForm(ChecksWithService, forms.ModelForm):
    """Runs the service's rules of the term while holding the committee's lock.

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


class IscTermForm(TermForm):
    rules_of_term = isc_services.check_isc_appointment

    class Meta:
        model = IscTerm
        fields = ["person", "local_government", "capacity", "starts_on", "ends_on", "previous"]


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
