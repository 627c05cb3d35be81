"""A city's details: the first step of an application, and a member's profile. Every
ModelForm names its fields: an official can never change a status, a region, a date or an
eligibility result, whatever the POST holds."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from scn_portal.web.forms import IdChoicesField

from ..models import OFFICIAL_EDITABLE_FIELDS, LocalGovernment, Official, StrategicPriority
from ..names import subdivision_name
from ..selectors.portal import same_city
from ..validators import subdivision_country
from .fields import CoordinateField, LanguagesOfWorkField, SubdivisionField

LATITUDE_HELP = _(
    "Optional: leave both coordinates empty if you do not know them. In decimal degrees, "
    "north of the equator positive (Rabat: 34.02088)."
)
LONGITUDE_HELP = _("In decimal degrees, east of Greenwich positive (Rabat: -6.84165).")


class CityLocationMixin:
    """Checks shared by the application's details and the city profile: the subdivision
    belongs to the country, and the coordinates come as a pair (or are left out)."""

    def clean_location(self, country) -> None:
        code = self.cleaned_data.get("subdivision")
        if code and country and subdivision_country(code) != str(country).upper():
            self.add_error(
                "subdivision",
                ValidationError(
                    _(
                        "%(subdivision)s is not a subdivision of %(country)s: choose one of "
                        "its subdivisions, or none."
                    ),
                    code="subdivision_country_mismatch",
                    params={
                        "subdivision": subdivision_name(code),
                        "country": countries.name(str(country).upper()) or country,
                    },
                ),
            )
        if "latitude" in self.cleaned_data and "longitude" in self.cleaned_data:
            latitude, longitude = self.cleaned_data["latitude"], self.cleaned_data["longitude"]
            if (latitude is None) != (longitude is None):
                missing = "latitude" if latitude is None else "longitude"
                self.add_error(
                    missing,
                    ValidationError(
                        _("Give both latitude and longitude, or neither."), code="coordinates_pair"
                    ),
                )
                # Keep the other coordinate off the instance so the message shows once.
                self.cleaned_data.pop("longitude" if missing == "latitude" else "latitude", None)


LISTED_CHOICES = [
    ("True", _("Yes, the city may appear on the network's public pages")),
    ("False", _("No, keep the city off every public page, feed and export")),
]


class CityDetailsForm(CityLocationMixin, forms.ModelForm):
    """Step 1 of the application: the local government's details, in the page's language."""

    subdivision = SubdivisionField()
    latitude = CoordinateField(limit=90, label=_("Latitude"), help_text=LATITUDE_HELP)
    longitude = CoordinateField(limit=180, label=_("Longitude"), help_text=LONGITUDE_HELP)
    languages = LanguagesOfWorkField(help_text=_("The languages the local government works in."))
    publicly_listed = forms.TypedChoiceField(
        label=_("May the network list this local government publicly?"),
        help_text=_(
            "Some cities do this work under threat. A city that is not listed never appears "
            "on public pages, feeds or exports; the Management Unit still sees it."
        ),
        choices=LISTED_CHOICES,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = LocalGovernment
        fields = list(OFFICIAL_EDITABLE_FIELDS)
        widgets = {"profile": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_city: LocalGovernment | None = None
        # The portal's script keeps only the chosen country's subdivisions in the list.
        self.fields["subdivision"].widget.attrs["data-country-field"] = self["country"].auto_id
        if self.instance.pk is None:
            # Asked explicitly: no answer is chosen for the applicant.
            self.initial.pop("publicly_listed", None)

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        self.clean_location(country)
        name = cleaned.get("name")
        if name and country and "subdivision" in cleaned:
            self.existing_city = same_city(
                name=name,
                country=country,
                subdivision=cleaned["subdivision"],
                exclude_pk=self.instance.pk,
            )
            if self.existing_city is not None:
                self.add_error(
                    "name",
                    ValidationError(
                        _(
                            "%(name)s is already known in this country and subdivision. "
                            "Ask to act for it instead of starting a new application."
                        ),
                        code="duplicate_city",
                        params={"name": name},
                    ),
                )
        return cleaned


class NewCityForm(CityDetailsForm):
    """The first step of an application for a city the network does not know yet."""

    role = forms.ChoiceField(
        label=_("Your role for this local government"), choices=Official.Role.choices
    )

    class Meta(CityDetailsForm.Meta):
        pass


class CityProfileForm(CityLocationMixin, forms.ModelForm):
    """A member's profile: its name and short profile in each of the four languages.

    The country is not here: the region follows it, and it does not change for a member.
    """

    subdivision = SubdivisionField()
    latitude = CoordinateField(limit=90, label=_("Latitude"), help_text=LATITUDE_HELP)
    longitude = CoordinateField(limit=180, label=_("Longitude"), help_text=LONGITUDE_HELP)
    languages = LanguagesOfWorkField()
    publicly_listed = CityDetailsForm.base_fields["publicly_listed"]
    # Self-selection: the parts of the network's work the city opts into. Not a model
    # field of this form: services.cities.set_city_priorities saves it.
    priorities = IdChoicesField(
        label=_("Strategic priorities the city opts into"),
        queryset=StrategicPriority.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = LocalGovernment
        # One column per language of the portal (modeltranslation), named explicitly.
        fields = [
            "name_en",
            "name_ar",
            "name_fr",
            "name_es",
            "profile_en",
            "profile_ar",
            "profile_fr",
            "profile_es",
            # The rest an official may change, but the country.
            *(f for f in OFFICIAL_EDITABLE_FIELDS if f not in ("name", "profile", "country")),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A member's country does not change here: only its subdivisions are offered.
        self.fields["subdivision"].limit_to(self.instance.country)
        names = dict(settings.LANGUAGES)
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        for code in names:
            direction = "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
            for field, label in (("name", _("Name")), ("profile", _("Short profile"))):
                form_field = self.fields[f"{field}_{code}"]
                form_field.label = f"{label} ({names[code]})"
                form_field.widget.attrs.update({"lang": code, "dir": direction})
                form_field.required = field == "name" and code == default
            self.fields[f"profile_{code}"].widget = forms.Textarea(
                attrs={"rows": 4, "lang": code, "dir": direction}
            )
        self.fields[f"name_{default}"].help_text = _(
            "Shown wherever no translation has been given."
        )
        if self.instance.pk and "priorities" in self.fields:
            self.initial.setdefault("priorities", list(self.instance.priorities.all()))

    def clean(self):
        cleaned = super().clean()
        self.clean_location(self.instance.country)
        return cleaned
