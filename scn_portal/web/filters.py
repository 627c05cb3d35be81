"""What the portal's lists narrowed by filters (django-filter) and its forms that choose
objects share: a value typed into the address bar or a crafted form (an unknown code, an
id no database integer holds, a year that is not a number) is a form error in the page
language, never a server error; and whether the visitor asked for anything at all.

The apps' filter sets stand on ``PortalFilterSet`` and its filters; members adds the
region and priority filters every app offers (members/filters.py).
"""

import django_filters
from django import forms
from django_filters import fields as filter_fields
from django_filters.constants import EMPTY_VALUES

from .forms import RefusesImpossibleKeys


class KeyChoiceField(RefusesImpossibleKeys, filter_fields.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            self.refuse_impossible_keys([value])
        return super().to_python(value)


class KeyChoicesField(RefusesImpossibleKeys, filter_fields.ModelMultipleChoiceField):
    def clean(self, value):
        if isinstance(value, list | tuple):
            self.refuse_impossible_keys(value)
        return super().clean(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """One object chosen by its code (``?region=mena``); an unknown code is a form error."""

    field_class = KeyChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


class CodesChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Objects chosen by their codes (``?priorities=youth&priorities=prevention``): any of
    them (``conjoined=True``: all of them)."""

    field_class = KeyChoicesField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)

    def get_filter_predicate(self, v):
        # The relation to the object chosen (``priorities=<priority>``), not to its code:
        # django-filter's own predicate would compare the relation's id with the code.
        return {self.field_name: v}


class CodeInListFilter(django_filters.ChoiceFilter):
    """A code among the codes a record lists in a JSON field (the languages of a resource
    or of an expert): matched as the quoted code in the stored text ('["fr", "ar"]'), an
    exact code and not a part of one, the same on PostgreSQL and SQLite (where JSON
    ``contains`` does not exist)."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return self.get_method(qs)(**{f"{self.field_name}__icontains": f'"{value}"'})


class YearFilter(django_filters.NumberFilter):
    """A whole year: ``2020`` filters, ``2020.5`` or ``abc`` is a form error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2999)
        super().__init__(*args, **kwargs)


class PortalFilterSet(django_filters.FilterSet):
    """A page's filters: ``found()`` is what they select, or nothing when a value is not
    valid (its error shown, rather than silently ignored); ``is_filtered()`` whether the
    visitor asked for anything (an empty filter form lists everything)."""

    def found(self):
        return self.qs if self.is_valid() else self.queryset.none()

    def is_filtered(self) -> bool:
        if not self.is_bound:
            return False
        return any(v.strip() for name in self.filters for v in self.data.getlist(name))
