"""Finding a known city, and asking to act for it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import LocalGovernment, Official


class CitySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the local government"),
        max_length=200,
        min_length=2,
        help_text=_("In any of the network's languages."),
    )


class ClaimForm(forms.Form):
    """Ask to act for a city the network already knows; staff confirm it first."""

    city = forms.UUIDField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Your role"), choices=Official.Role.choices)
    position = forms.CharField(label=_("Your position"), max_length=200)
    note = forms.CharField(
        label=_("Note to the Management Unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything that helps staff confirm that you work for this local government."),
    )

    def clean_city(self):
        city = LocalGovernment.objects.filter(code=self.cleaned_data["city"]).first()
        if city is None:
            raise ValidationError(
                _("Choose a local government from the search results."), code="unknown_city"
            )
        return city
