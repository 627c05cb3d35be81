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

from scn_portal.web.filters import CodeChoiceFilter, CodesChoiceFilter, PortalFilterSet, YearFilter

from .models import LocalGovernment, Region, StrategicPriority


class RegionFilter(CodeChoiceFilter):
    """A region by its code (``?region=mena``), as every list of the portal offers it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("empty_label", _("All regions"))
        super().__init__(*args, queryset=Region.objects.all(), **kwargs)


class PriorityFilter(CodeChoiceFilter):
    """A strategic priority by its code (``?priority=youth``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Strategic priority"))
        kwargs.setdefault("empty_label", _("All priorities"))
        super().__init__(*args, queryset=StrategicPriority.objects.all(), **kwargs)


class PrioritiesFilter(CodesChoiceFilter):
    """Any of several strategic priorities by their codes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Strategic priorities"))
        super().__init__(*args, queryset=StrategicPriority.objects.all(), **kwargs)


def country_choices():
    # Evaluated when the form is built, so the names are in the page language.
    return list(countries)


class DirectoryFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="search_name",
        max_length=100,
        help_text=_("Part of the name, in any of the portal's languages."),
    )
    region = RegionFilter()
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=country_choices, empty_label=_("All countries")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of local government"),
        choices=LocalGovernment.Kind.choices,
        empty_label=_("All kinds"),
    )
    joined = YearFilter(label=_("Year joined"), field_name="membership__joined_on")
    priorities = PrioritiesFilter(
        field_name="priorities",
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
