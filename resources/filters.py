"""The resource hub's filters (django-filter): words to find, kind, priority, theme,
region, language, author, year, and the order. Every value is validated by its form
field, so an unknown value is a form error the page shows, never a server error."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.filters import PriorityFilter, RegionFilter
from scn_portal.web.filters import CodeChoiceFilter, CodeInListFilter, PortalFilterSet, YearFilter

from .models import Resource, Theme
from .search import search

QUERY_MAX_LENGTH = 200


def language_choices():
    return [(code, _(name)) for code, name in settings.LANGUAGES]


class ResourceFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        label=_("Words to find"),
        method="search_words",
        max_length=QUERY_MAX_LENGTH,
        help_text=_("In the title, summary or text, in any of the portal's languages."),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Resource.Kind.choices, empty_label=_("All kinds")
    )
    # Several tags of one resource can match a filter: each resource once (distinct).
    priority = PriorityFilter(field_name="priorities", distinct=True)
    theme = CodeChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
        distinct=True,
    )
    region = RegionFilter(field_name="regions", distinct=True)
    language = CodeInListFilter(
        label=_("Language of the resource"),
        field_name="languages",
        choices=language_choices,
        empty_label=_("All languages"),
    )
    author = django_filters.ChoiceFilter(
        label=_("Author"),
        field_name="author_kind",
        choices=Resource.Author.choices,
        empty_label=_("All authors"),
    )
    year = YearFilter(label=_("Year published"), field_name="published_on")
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        method="order_by",
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest first")),
            ("views", _("Most viewed")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def search_words(self, queryset, name, value):
        return search(queryset, value)

    def order_by(self, queryset, name, value):
        if value == "newest":
            return queryset.order_by("-published_on", "-pk")
        if value == "views":
            return queryset.order_by("-views", "-published_on", "-pk")
        return queryset
