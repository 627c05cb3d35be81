"""Forms of working groups in the portal: asking to join, and a convenor's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..selectors.groups import cities_user_acts_for


class JoinRequestForm(forms.Form):
    """Ask to join a working group for one of the cities the person acts for."""

    city = forms.ModelChoiceField(
        label=_("For the city"),
        queryset=None,
        to_field_name="code",
        empty_label=None,
        help_text=_("You take part in the group for this city."),
        error_messages={
            "invalid_choice": _("Choose one of the cities you act for."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities_user_acts_for(user)


class JoinDecisionForm(forms.Form):
    """A convenor's answer to one pending request (the request is found within the group)."""

    ACCEPT = "accept"
    DECLINE = "decline"

    request = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))])
