from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HubReportForm(forms.Form):
    hub = forms.ModelChoiceField(label=_("Regional hub"), queryset=None, to_field_name="slug")
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, str(q)) for q in range(1, 5)], coerce=int
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1
