from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import StrategicPriority
from scn_portal.web.forms import IdChoicesField

from ..models import CapacityGap


class NeedsAssessmentForm(forms.Form):
    """A city official's assessment of their city's needs (the gaps come in ``GapFormSet``)."""

    priorities = IdChoicesField(
        label=_("Priority areas concerned"),
        queryset=StrategicPriority.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    current_capacities = forms.CharField(
        label=_("Current capacities"),
        help_text=_("What the city already has: services, networks, people, programmes."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    support_requested = forms.CharField(
        label=_("Support requested"),
        help_text=_("What help from the network would close these gaps."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


class GapForm(forms.Form):
    priority = forms.ModelChoiceField(
        label=_("Priority area"), queryset=StrategicPriority.objects.all()
    )
    description = forms.CharField(
        label=_("Gap"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    severity = forms.TypedChoiceField(
        label=_("Severity"),
        choices=CapacityGap.Severity.choices,
        coerce=int,
        initial=CapacityGap.Severity.MEDIUM,
    )

    def has_changed(self) -> bool:
        # A row left blank is skipped, whatever its severity says.
        return bool(self.data.get(self.add_prefix("priority"))) or bool(
            (self.data.get(self.add_prefix("description")) or "").strip()
        )


GapFormSet = forms.formset_factory(GapForm, extra=3, max_num=10, validate_max=True)
