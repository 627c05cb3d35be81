"""The commitment to the guiding principles: each principle agreed, then the signatory."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Commitment
from ..validators import validate_pdf


class PrincipleAgreementForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I agree, on behalf of the local government, to uphold this principle."),
        error_messages={
            "required": _("Tick “I agree” to continue: each principle needs its own agreement.")
        },
    )


class SignatoryForm(forms.Form):
    """The official who signs the commitment, and the optional signed letter."""

    signatory_name = forms.CharField(label=_("Signatory's full name"), max_length=200)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=200)
    signatory_role = forms.ChoiceField(
        label=_("Signatory's authority"),
        choices=Commitment.SignatoryRole.choices,
        widget=forms.RadioSelect,
    )
    delegation_note = forms.CharField(
        label=_("Delegation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when a delegate signs: who delegated the authority, and how."),
    )
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    letter = forms.FileField(
        label=_("Signed letter (optional)"),
        required=False,
        validators=[validate_pdf],
        help_text=_("A PDF document of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise ValidationError(_("The signature date cannot be in the future."), code="future")
        return signed_on

    def clean(self):
        cleaned = super().clean()
        delegate = cleaned.get("signatory_role") == Commitment.SignatoryRole.DELEGATE
        if delegate and not (cleaned.get("delegation_note") or "").strip():
            self.add_error(
                "delegation_note",
                ValidationError(
                    _("Explain the delegation when a delegate signs."), code="delegation_missing"
                ),
            )
        return cleaned
