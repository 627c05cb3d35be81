"""Forms of the activity pages: registering, and filtering the public calendar."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.models import Region, StrategicPriority

from ..models import Activity, Registration


class RegistrationForm(forms.ModelForm):
    """A person's needs, and the city they come for (one of those they act for)."""

    class Meta:
        model = Registration
        fields = ["local_government", "dietary_needs", "access_needs", "interpretation_language"]
        labels = {"local_government": _("I come for")}

    def __init__(self, *args, cities, city_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["local_government"]
        field.queryset = cities
        field.required = city_required
        field.empty_label = _("No city (a guest)")
        if cities.count() == 1 and city_required:
            field.initial = cities.first().pk
        language = self.fields["interpretation_language"]
        language.choices = [("", _("None needed")), *settings.LANGUAGES]


class CalendarFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        to_field_name="code",
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Activity.Kind.choices], required=False
    )
    priority = forms.ModelChoiceField(
        label=_("Strategic priority"),
        queryset=StrategicPriority.objects.all(),
        to_field_name="code",
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "region": self.cleaned_data.get("region"),
            "kind": self.cleaned_data.get("kind") or "",
            "priority": self.cleaned_data.get("priority"),
        }
