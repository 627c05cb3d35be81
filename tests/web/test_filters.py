"""The portal's shared filters refuse a value that names nothing — an unknown code, an id
no database integer holds — as an invalid choice in the page language: a form error the
page shows, never a server error (SQLite cannot even compare such an id)."""

import pytest
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext

from members.models import LocalGovernment, Region
from scn_portal.web.filters import (
    CodeChoiceFilter,
    CodesChoiceFilter,
    PortalFilterSet,
    YearFilter,
)

pytestmark = pytest.mark.django_db

ONE = "Select a valid choice. That choice is not one of the available choices."
SEVERAL = "Select a valid choice. %(value)s is not one of the available choices."


class CitySearch(PortalFilterSet):
    region = CodeChoiceFilter(field_name="region", queryset=Region.objects.all())
    regions = CodesChoiceFilter(field_name="region", queryset=Region.objects.all())
    by_id = CodeChoiceFilter(field_name="region", queryset=Region.objects.all(), to_field_name="id")
    ids = CodesChoiceFilter(field_name="region", queryset=Region.objects.all(), to_field_name="id")
    year = YearFilter(field_name="membership__joined_on")

    class Meta:
        model = LocalGovernment
        fields: list[str] = []


def search(**data):
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values if isinstance(values, list) else [values])
    return CitySearch(query, queryset=LocalGovernment.objects.all())


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("region", "atlantis", ONE),
        ("regions", ["mena", "atlantis"], SEVERAL),
        ("by_id", str(2**63), ONE),
        ("by_id", "99999999999999999999999", ONE),
        ("ids", [str(-(2**63) - 1)], SEVERAL),
        ("ids", ["1", "not-a-number"], None),
    ],
)
def test_a_value_that_names_nothing_is_refused_in_the_page_language(
    rabat, language, field, typed, message
):
    with translation.override(language):
        filterset = search(**{field: typed})

        assert list(filterset.found()) == []
        assert list(filterset.form.errors) == [field]
        error = str(filterset.form.errors[field][0])
        if message is not None:
            bad = typed[-1] if isinstance(typed, list) else typed
            expected = gettext(message) % {"value": bad} if "%" in message else gettext(message)
            assert error == expected
            if language != "en":
                assert error != message % {"value": bad} if "%" in message else error != message
        assert filterset.is_filtered()


def test_a_known_code_filters_and_an_empty_form_lists_everything(rabat, oslo):
    assert list(search(region="mena").found()) == [rabat]
    assert list(search(by_id=str(rabat.region_id)).found()) == [rabat]
    assert set(search(regions=["mena", "europe"]).found()) == {rabat, oslo}
    empty = search(region="", year="")
    assert not empty.is_filtered()
    assert empty.form.errors == {}
    assert set(empty.found()) == {rabat, oslo}
    assert not CitySearch(queryset=LocalGovernment.objects.all()).is_filtered()


@pytest.mark.parametrize("typed", ["2020.5", "abc", "1899", "3000"])
def test_a_year_that_is_not_a_whole_year_of_the_range_is_a_form_error(rabat, typed):
    filterset = search(year=typed)

    assert list(filterset.form.errors) == ["year"]
    assert list(filterset.found()) == []
