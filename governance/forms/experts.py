"""Forms of the pool of experts (the expert's own profile, the admin's) and the names of
languages they use.

Every ModelForm names its fields: an expert can never change ``is_active`` or their
person, whatever the POST holds. The rules themselves live in ``services.experts``; the
forms ask them so errors show by their field.
"""

import gettext as gettext_module
from functools import lru_cache

import pycountry
from django import forms
from django.conf.locale import LANG_INFO
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.names import language_name as django_language_name
from members.validators import validate_language_codes
from scn_portal.web.forms import ChecksWithService, IdChoicesField

from ..models import Expert, ExpertEngagement
from ..services import experts as expert_services


@lru_cache(maxsize=8)
def _language_catalogue(language: str) -> dict[str, str]:
    """ISO 639-1 code → language name in ``language``.

    Django's own names first (``members.names``: translated in every portal language),
    pycountry's translations for the rarer languages Django does not know.
    """
    fallback = gettext_module.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
    names = {}
    with translation.override(language):
        for lang in pycountry.languages:
            code = getattr(lang, "alpha_2", None)
            if code is None:
                continue
            names[code] = (
                django_language_name(code)
                if "name" in LANG_INFO.get(code, {})
                else fallback.gettext(lang.name)
            )
    return names


def language_name(code: str, language: str | None = None) -> str:
    """The name of ISO 639-1 ``code`` in the page language; an unknown code as it is."""
    return _language_catalogue(language or get_language() or "en").get(code, code)


def language_choices() -> list[tuple[str, str]]:
    """Every ISO 639-1 language, named in the page language, in alphabetical order."""
    catalogue = _language_catalogue(get_language() or "en")
    return sorted(catalogue.items(), key=lambda item: item[1].casefold())


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LanguagesField(forms.MultipleChoiceField):
    """Languages of work as ISO 639-1 codes; an unknown code is a form error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Languages of work"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("The languages you can work in."))
        super().__init__(choices=language_choices, **kwargs)
        self.validators.append(validate_language_codes)
        self.error_messages["invalid_choice"] = _("“%(value)s” is not an ISO 639-1 language code.")


class AvailabilityDatesMixin(ChecksWithService):
    def check(self, data: dict) -> None:
        expert_services.check_availability(data.get("available_from"), data.get("available_until"))


class ExpertProfileForm(AvailabilityDatesMixin, forms.ModelForm):
    """An expert's own profile. Saved through ``services.experts.update_expert_profile``."""

    languages = LanguagesField()

    class Meta:
        model = Expert
        fields = list(expert_services.PROFILE_FIELDS)
        field_classes = {"priorities": IdChoicesField, "regions": IdChoicesField}
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "expertise": forms.Textarea(attrs={"rows": 5}),
            "availability": forms.Textarea(attrs={"rows": 3}),
            "available_from": DateInput,
            "available_until": DateInput,
        }
        help_texts = {
            "expertise": _("Themes, policies and practice you can advise on."),
            "available_from": _("Leave empty if you are available now."),
            "available_until": _("Leave empty if there is no end date."),
        }


class ExpertAdminForm(AvailabilityDatesMixin, forms.ModelForm):
    languages = LanguagesField(widget=forms.SelectMultiple(attrs={"size": 10}))

    class Meta:
        model = Expert
        fields = ["person", *expert_services.PROFILE_FIELDS, "is_active"]


class ExpertEngagementForm(ChecksWithService, forms.ModelForm):
    """An engagement in the admin: a city exactly when it is for a city; dates in order."""

    class Meta:
        model = ExpertEngagement
        fields = ["kind", "engaged_for", "local_government", "starts_on", "ends_on", "outcome"]

    def check(self, data: dict) -> None:
        if "engaged_for" in data:
            expert_services.check_engagement(
                engaged_for=data["engaged_for"],
                local_government=data.get("local_government"),
                starts_on=data.get("starts_on"),
                ends_on=data.get("ends_on"),
            )
