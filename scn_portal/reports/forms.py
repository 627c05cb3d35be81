from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import registry


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.code, k.title)
            for k in registry.all_kinds()
            if k.in_request_form and k.may_request(user)
        ]
