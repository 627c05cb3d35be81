from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator
from .registry import measure_choices


class IndicatorAdminForm(forms.ModelForm):
    """Staff pick a computed indicator's measure from those the apps register: no code."""

    measure = forms.ChoiceField(label=_("measure"), required=False)
    disaggregations = forms.MultipleChoiceField(
        label=_("disaggregations"),
        choices=Indicator.Disaggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "priority",
            "unit",
            "direction",
            "source",
            "measure",
            "disaggregations",
            "baseline_value",
            "baseline_year",
            "is_public",
            "is_active",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "—"), *measure_choices()]
        self.fields["measure"].help_text = Indicator._meta.get_field("measure").help_text

    def clean(self):
        data = super().clean()
        if data.get("source") == Indicator.Source.COMPUTED and not data.get("measure"):
            self.add_error("measure", _("Choose the measure of a computed indicator."))
        return data
