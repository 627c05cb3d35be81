"""Filters of the public member directory.

Every filter validates its input through its form field, so a value typed into the
address bar (an unknown region, a year that is not a number) is a form error the page
shows, never a server error.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from .models import LocalGovernment, Region, StrategicPriority


class YearFilter(django_filters.NumberFilter):
    """A whole year: ``2020`` filters, ``2020.5`` or ``abc`` is a form error."""

    field_class = forms.IntegerField


def country_choices():
    # Evaluated when the form is built, so the names are in the page language.
    return list(countries)


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="search_name",
        max_length=100,
        help_text=_("Part of the name, in any of the portal's languages."),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=country_choices, empty_label=_("All countries")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of local government"),
        choices=LocalGovernment.Kind.choices,
        empty_label=_("All kinds"),
    )
    joined = YearFilter(
        label=_("Year joined"),
        field_name="membership__joined_on",
        lookup_expr="year",
        min_value=1900,
        max_value=2999,
    )
    priorities = django_filters.ModelMultipleChoiceFilter(
        label=_("Strategic priorities"),
        field_name="priorities__code",
        queryset=StrategicPriority.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cities that opted into any of the priorities ticked."),
    )

    class Meta:
        model = LocalGovernment
        fields: list[str] = []  # every filter is declared above

    def search_name(self, queryset, name, value):
        """Match the name in any language, so "الرباط" and "Rabat" both find Rabat."""
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for language in AVAILABLE_LANGUAGES:
            match |= Q(**{f"{build_localized_fieldname('name', language)}__icontains": value})
        return queryset.filter(match)
