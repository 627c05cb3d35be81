"""Staff's search of the pool of experts: "who speaks French, knows youth engagement and
is free in March".

Every filter validates its input through its form field, so an unknown language or a
date that is not a date is a form error the page shows, never a server error.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.filters import PriorityFilter, RegionFilter
from scn_portal.web.filters import CodeInListFilter, PortalFilterSet

from .forms.experts import DateInput, language_choices
from .models import Expert


class ExpertFilter(PortalFilterSet):
    language = CodeInListFilter(
        label=_("Speaks"),
        field_name="languages",
        choices=language_choices,
        empty_label=_("Any language"),
    )
    priority = PriorityFilter(
        label=_("Knows the strategic priority"),
        field_name="priorities",
        empty_label=_("Any priority"),
    )
    region = RegionFilter(
        label=_("Works in the region"), field_name="regions", empty_label=_("Any region")
    )
    profile = django_filters.ChoiceFilter(
        label=pgettext_lazy("expert category", "Profile"),
        choices=Expert.Profile.choices,
        empty_label=_("Any profile"),
    )
    available_on = django_filters.DateFilter(
        label=_("Available on"),
        method="filter_available_on",
        widget=DateInput,
        help_text=_("An expert with no dates of availability counts as available."),
    )
    expertise = django_filters.CharFilter(
        label=_("Expertise"),
        method="filter_expertise",
        max_length=100,
        help_text=_("Words from the areas of expertise, e.g. youth councils."),
    )

    class Meta:
        model = Expert
        fields: list[str] = []  # every filter is declared above

    def filter_available_on(self, queryset, name, value):
        return queryset.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=value),
            Q(available_until__isnull=True) | Q(available_until__gte=value),
        )

    def filter_expertise(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(expertise__icontains=word)
        return queryset
