"""Forms of the member portal. Every ModelForm names its fields: an official can never
change a status, a region, a date or an eligibility result, whatever the POST holds."""

from decimal import ROUND_HALF_UP, Decimal

import pycountry
from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import Commitment, Invitation, LocalGovernment, Official, Person, StrategicPriority
from .selectors.portal import same_city
from .validators import subdivision_country, validate_pdf


def _languages_of_work():
    """Every language Django can name, in the page's language (evaluated when shown)."""
    choices = []
    for code, info in LANG_INFO.items():
        if len(code) != 2 or "name" not in info or pycountry.languages.get(alpha_2=code) is None:
            continue
        label = translation.gettext(info["name"])
        if info.get("name_local") and info["name_local"] != label:
            label = f"{label} — {info['name_local']}"
        choices.append((code, label))
    return sorted(choices, key=lambda choice: choice[1].casefold())


# Ids the database can compare: SQLite's INTEGER (and PostgreSQL's bigint) are 64-bit.
ID_RANGE = range(-(2**63), 2**63)


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Objects chosen by id (ticked boxes); an id no database integer can hold is an
    invalid choice, like any other unknown id.

    Django checks the ids with a single ``id IN (...)`` query, which SQLite cannot run
    with such a number (OverflowError, a server error) — an id typed into a crafted form.
    """

    def clean(self, value):
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(key, models.IntegerField) and isinstance(value, list | tuple):
            for item in value:
                try:
                    number = int(item)
                except (TypeError, ValueError):
                    continue  # not a number: Django's own check refuses it
                if number not in ID_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super().clean(value)


class CoordinateField(forms.DecimalField):
    """A latitude or longitude typed with any precision, kept to five decimals."""

    def __init__(self, *, limit: int, **kwargs):
        super().__init__(min_value=-limit, max_value=limit, required=False, **kwargs)
        self.widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        return value.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)


class CityLocationMixin:
    """Checks shared by the application's details and the city profile: the subdivision
    belongs to the country, and the coordinates come as a pair."""

    def clean_subdivision(self):
        code = (self.cleaned_data.get("subdivision") or "").strip().upper()
        if code and subdivision_country(code) is None:
            raise ValidationError(
                _("“%(code)s” is not an ISO 3166-2 subdivision code (e.g. MA-04)."),
                code="unknown_subdivision",
                params={"code": code},
            )
        return code

    def clean_location(self, country) -> None:
        code = self.cleaned_data.get("subdivision")
        if code and country and subdivision_country(code) != str(country).upper():
            self.add_error(
                "subdivision",
                ValidationError(
                    _("The subdivision %(code)s is not in the country chosen."),
                    code="subdivision_country_mismatch",
                    params={"code": code},
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

    latitude = CoordinateField(limit=90, label=_("Latitude"), help_text=_("e.g. 34.02088"))
    longitude = CoordinateField(limit=180, label=_("Longitude"), help_text=_("e.g. -6.84165"))
    languages = forms.MultipleChoiceField(
        label=_("Languages of work"),
        choices=_languages_of_work,
        required=False,
        help_text=_("The languages the local government works in."),
    )
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
        fields = [
            "name",
            "kind",
            "country",
            "subdivision",
            "latitude",
            "longitude",
            "population",
            "website",
            "languages",
            "profile",
            "publicly_listed",
        ]
        widgets = {"profile": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_city: LocalGovernment | None = None
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

    latitude = CoordinateField(limit=90, label=_("Latitude"))
    longitude = CoordinateField(limit=180, label=_("Longitude"))
    languages = forms.MultipleChoiceField(
        label=_("Languages of work"), choices=_languages_of_work, required=False
    )
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
            "kind",
            "subdivision",
            "latitude",
            "longitude",
            "population",
            "website",
            "languages",
            "publicly_listed",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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


# The column's length (254): an address the form accepts must fit where it is saved.
# The email validator alone lets through addresses of up to 320 characters.
CONTACT_EMAIL_MAX_LENGTH = Person._meta.get_field("email").max_length


class ContactsForm(forms.Form):
    """Step 2: the mayor (or head) and the focal point of the local government."""

    mayor_name = forms.CharField(label=_("Full name"), max_length=200)
    mayor_title = forms.CharField(label=_("Title or position"), max_length=200, required=False)
    mayor_email = forms.EmailField(label=_("Email address"), max_length=CONTACT_EMAIL_MAX_LENGTH)
    focal_point_name = forms.CharField(label=_("Full name"), max_length=200)
    focal_point_title = forms.CharField(
        label=_("Title or position"), max_length=200, required=False
    )
    focal_point_email = forms.EmailField(
        label=_("Email address"), max_length=CONTACT_EMAIL_MAX_LENGTH
    )

    ROLES = {"mayor": Official.Role.MAYOR, "focal_point": Official.Role.FOCAL_POINT}

    def groups(self):
        """The fields by contact, for the template: [(role label, [fields])]."""
        return [
            (role.label, [self[f"{prefix}_{part}"] for part in ("name", "title", "email")])
            for prefix, role in self.ROLES.items()
        ]

    @classmethod
    def initial_from(cls, contacts: dict) -> dict:
        initial = {}
        for prefix, role in cls.ROLES.items():
            official = contacts.get(role)
            if official is not None:
                initial[f"{prefix}_name"] = official.person.full_name
                initial[f"{prefix}_title"] = official.person.title
                initial[f"{prefix}_email"] = official.person.email
        return initial

    def contacts(self):
        """(role, full name, email, title) for each contact, once valid."""
        return [
            (
                role,
                self.cleaned_data[f"{prefix}_name"],
                self.cleaned_data[f"{prefix}_email"],
                self.cleaned_data[f"{prefix}_title"],
            )
            for prefix, role in self.ROLES.items()
        ]


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


class CitySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the local government"),
        max_length=200,
        min_length=2,
        help_text=_("In any of the network's languages."),
    )


class ClaimForm(forms.Form):
    """Ask to act for a city the network already knows; staff confirm it first."""

    city = forms.UUIDField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Your role"), choices=Official.Role.choices)
    position = forms.CharField(label=_("Your position"), max_length=200)
    note = forms.CharField(
        label=_("Note to the Management Unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything that helps staff confirm that you work for this local government."),
    )

    def clean_city(self):
        city = LocalGovernment.objects.filter(code=self.cleaned_data["city"]).first()
        if city is None:
            raise ValidationError(
                _("Choose a local government from the search results."), code="unknown_city"
            )
        return city


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
