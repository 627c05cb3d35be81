"""Forms of the members admin: decisions with a reason, the territory list, overrides, the
account a person is linked to."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from ..eligibility import territory_matches
from ..models import DisputedTerritory, EligibilityOverride, Person
from ..validators import parse_boundary, subdivision_country, validate_subdivision_code

GEOJSON_MAX_BYTES = 2 * 1024 * 1024


class ReasonForm(forms.Form):
    """The intermediate page of an admin action that needs a reason (reject, refuse...)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("The people concerned read this reason in the email and in the portal."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason."), code="required")
        return reason


def _split_codes(value: str) -> list[str]:
    """Codes typed as "MA, EH" or one per line, upper-cased, in order, without duplicates."""
    codes: list[str] = []
    for part in value.replace("\n", ",").replace(";", ",").split(","):
        code = part.strip().upper()
        if code and code not in codes:
            codes.append(code)
    return codes


class CodeListField(forms.CharField):
    """A JSON list of codes edited as comma-separated text."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        if isinstance(value, str) and value.startswith("["):
            try:
                return ", ".join(json.loads(value))
            except ValueError:
                return value
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(v).strip().upper() for v in value if str(v).strip()]
        return _split_codes(super().to_python(value) or "")


class DisputedTerritoryForm(forms.ModelForm):
    """Countries and subdivision codes as text, validated against ISO 3166; the boundary as
    GeoJSON typed in the textarea or uploaded as a .geojson file. Nothing is saved unless
    every part is valid."""

    countries = CodeListField(
        label=_("countries concerned"),
        help_text=_("ISO 3166-1 alpha-2 codes separated by commas, e.g. MA, ES."),
    )
    subdivision_codes = CodeListField(
        label=_("ISO 3166-2 codes covered"),
        required=False,
        help_text=_(
            "Codes separated by commas, e.g. MA-04. A city whose subdivision is one of them is "
            "ineligible."
        ),
    )
    boundary_file = forms.FileField(
        label=_("boundary file (.geojson)"),
        required=False,
        help_text=_("Optional: replaces the boundary typed above. At most 2 MB."),
    )

    class Meta:
        model = DisputedTerritory
        fields = ["name", "countries", "subdivision_codes", "boundary", "reference", "is_active"]
        widgets = {"boundary": forms.Textarea(attrs={"rows": 8, "cols": 80})}

    def clean_countries(self) -> list[str]:
        codes = self.cleaned_data["countries"]
        if not codes:
            raise ValidationError(_("Name at least one country concerned."), code="required")
        unknown = [c for c in codes if c not in dict(all_countries)]
        if unknown:
            raise ValidationError(
                _("Not an ISO 3166-1 country code: %(codes)s."),
                code="unknown_country",
                params={"codes": ", ".join(unknown)},
            )
        return codes

    def clean_subdivision_codes(self) -> list[str]:
        codes = self.cleaned_data["subdivision_codes"]
        errors = []
        for code in codes:
            try:
                validate_subdivision_code(code)
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return codes

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        if upload.size > GEOJSON_MAX_BYTES:
            raise ValidationError(_("The file is too large: at most 2 MB."), code="file_too_large")
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ValidationError(
                _("The file is not GeoJSON (it is not valid JSON)."), code="invalid_json"
            ) from exc
        parse_boundary(data)
        return data

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("boundary_file")
        if uploaded is not None:
            cleaned["boundary"] = uploaded
            self.instance.boundary = uploaded
        boundary = cleaned.get("boundary")
        if boundary and "boundary" not in self.errors:
            try:
                parse_boundary(boundary)
            except ValidationError as exc:
                self.add_error("boundary_file" if uploaded is not None else "boundary", exc)
        countries = cleaned.get("countries") or []
        outside = [
            code
            for code in cleaned.get("subdivision_codes") or []
            if subdivision_country(code) and subdivision_country(code) not in countries
        ]
        if outside and "countries" not in self.errors:
            self.add_error(
                "subdivision_codes",
                ValidationError(
                    _("These codes are not in a country concerned: %(codes)s."),
                    code="subdivision_country_mismatch",
                    params={"codes": ", ".join(outside)},
                ),
            )
        return cleaned


class EligibilityOverrideForm(forms.ModelForm):
    """A reviewed false positive: only for a city the territory really matches."""

    class Meta:
        model = EligibilityOverride
        fields = ["local_government", "territory", "justification"]

    def clean(self):
        cleaned = super().clean()
        city, territory = cleaned.get("local_government"), cleaned.get("territory")
        if city is not None and territory is not None and not territory_matches(city, [territory]):
            raise ValidationError(
                _(
                    "%(city)s is not inside %(territory)s by its subdivision or coordinates: "
                    "there is nothing to override."
                ),
                code="no_match",
                params={"city": city.name, "territory": territory.name},
            )
        return cleaned


class AccountLinkForm(forms.Form):
    def __init__(self, *args, admin_site, **kwargs):
        from django.contrib.admin.widgets import AutocompleteSelect
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(
            label=_("User account"),
            queryset=get_user_model().objects.filter(is_active=True, erased_at__isnull=True),
            required=False,
            widget=AutocompleteSelect(Person._meta.get_field("user"), admin_site),
            help_text=_("Leave empty to unlink the person from any account."),
        )


class RevocationForm(ReasonForm):
    """Why staff revoke certificates: kept for staff, never shown on the public page."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("Kept for staff; the verification page says only that it was revoked."),
    )
