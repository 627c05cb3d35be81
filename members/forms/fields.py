"""Form fields the portal's forms share (governance's too)."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .. import names
from ..validators import subdivision_country


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


# The portal's own script for long lists (served by the portal: the policy allows no
# other); a page that shows such a form writes ``{{ form.media }}`` in its head.
FORMS_SCRIPT = forms.Script("js/forms.js", defer=True)


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Ticked boxes for a long list, with a box to type part of a name and narrow it.

    The filter box is rendered hidden (``templates/forms/field.html``) and shown by the
    portal's script (``js/forms.js``): without JavaScript the whole list stays usable.
    """

    class Media:
        js = [FORMS_SCRIPT]

    def __init__(self, *, filter_label, **kwargs):
        super().__init__(**kwargs)
        self.filter_label = filter_label


class LanguagesOfWorkField(forms.MultipleChoiceField):
    """The languages a local government works in: ISO 639-1 codes, chosen by their names in
    the page's language (``members.names``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Languages of work"))
        kwargs.setdefault("required", False)
        super().__init__(
            choices=names.languages_of_work,
            widget=FilterableCheckboxes(filter_label=_("Find a language")),
            **kwargs,
        )


class SubdivisionSelect(forms.Select):
    """A select of subdivisions grouped by country. Its template writes the options
    inline (one template for thousands of options rather than one per option); the
    portal's script keeps only the group of the country chosen (``data-country-field``)."""

    template_name = "forms/widgets/grouped_select.html"

    class Media:
        js = [FORMS_SCRIPT]


def _countries_named() -> dict[str, str]:
    """Country code → name in the page's language, in that language's alphabetical order."""
    return {country.code: country.name for country in countries}


class SubdivisionField(forms.ChoiceField):
    """An ISO 3166-2 subdivision chosen by its name, among those of the countries offered
    (every country, or one: ``limit_to``). The value is the code ("MA-04"); that the code
    belongs to the city's country is the form's check (``CityLocationMixin``), which knows
    the country.
    """

    default_error_messages = {
        "invalid_choice": _(
            "“%(value)s” is not a subdivision the portal knows: choose one from the list."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Subdivision"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "The region, province or state the local government is in, among those of "
                "its country. Leave it empty if none applies."
            ),
        )
        super().__init__(choices=self._grouped, widget=SubdivisionSelect, **kwargs)
        self.country: str | None = None

    def limit_to(self, country) -> None:
        """Offer only the subdivisions of ``country`` (a city whose country is fixed)."""
        self.country = str(country).upper() if country else None

    def _grouped(self) -> list:
        empty = [("", _("— None —"))]
        if self.country:
            return [*empty, *names.subdivisions_of(self.country)]
        return [*empty, *names.subdivision_choices(_countries_named())]

    def to_python(self, value) -> str:
        # A code typed by hand (an old bookmark, a script) in any case is the same code.
        return super().to_python(value).strip().upper()

    def valid_value(self, value) -> bool:
        return subdivision_country(value) is not None
