"""An official invites a colleague."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import Invitation


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's email address"),
        max_length=Invitation._meta.get_field("email").max_length,
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=lambda: settings.LANGUAGES
    )
    message = forms.CharField(
        label=_("A personal note (optional)"),
        required=False,
        max_length=500,
        help_text=_("Plain text, at most 500 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
