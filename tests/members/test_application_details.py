"""The first step of an application as a mayor's office meets it: the subdivision chosen by
its name among the country's, coordinates that may be left out, the languages of work as a
list of boxes named in the page's language, and the same progress list as every step."""

import html
import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

from members import names
from members.forms.cities import CityProfileForm
from members.models import CountryRegion, LocalGovernment
from tests import factories
from tests.members.test_portal_application import details, start, url

PAGE_LANGUAGES = ["ar", "fr", "es"]


@pytest.fixture
def mena(db):
    region = factories.RegionFactory(code="mena", name="Middle East and North Africa")
    CountryRegion.objects.create(country="MA", region=region)
    return region


@pytest.fixture
def applicant_client(db) -> Client:
    client = Client()
    client.force_login(factories.UserFactory(email="amina@tetouan.example.org"))
    return client


def start_page(client: Client, language: str = "en") -> str:
    return client.get(url("application_start", language)).content.decode()


def translated(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def options_of(page: str, group: str) -> dict[str, str]:
    """The options (value → label) of the select's group named ``group``."""
    found = re.search(rf'<optgroup label="{re.escape(group)}">(.*?)</optgroup>', page)
    assert found, f"no group {group!r}"
    return {
        value: html.unescape(label)
        for value, label in re.findall(r'<option value="([^"]*)">([^<]*)</option>', found[1])
    }


# --- The subdivision, by its name ----------------------------------------------------------


def test_the_subdivisions_are_offered_by_name_under_their_country(applicant_client, mena):
    moroccan = options_of(start_page(applicant_client), "Morocco")

    assert moroccan["MA-01"] == "Tanger-Tétouan-Al Hoceïma"
    # A province is named with the region it belongs to.
    assert moroccan["MA-TET"] == "Tétouan (Tanger-Tétouan-Al Hoceïma)"
    assert "NO-03" not in moroccan
    assert options_of(start_page(applicant_client), "Norway")["NO-03"] == "Oslo"


def test_the_subdivisions_are_named_in_the_page_language_where_a_translation_exists(
    applicant_client, mena
):
    assert options_of(start_page(applicant_client, "fr"), "Espagne")["ES-AN"] == "Andalousie"
    assert options_of(start_page(applicant_client, "es"), "Australia")["AU-NSW"] == (
        "Nueva Gales del Sur"
    )
    # No Arabic names for subdivisions exist in the ISO catalogue: the English name is shown,
    # under the country's Arabic name.
    arabic = start_page(applicant_client, "ar")
    assert options_of(arabic, "المغرب")["MA-01"] == "Tanger-Tétouan-Al Hoceïma"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_subdivision_chosen_by_name_is_stored_as_its_code_and_shown_by_name(
    applicant_client, mena, language
):
    applicant_client.post(url("application_start", language), details(subdivision="MA-01"))
    city = LocalGovernment.objects.get()

    assert city.subdivision == "MA-01"
    page = applicant_client.get(url("city_portal", language, code=city.code)).content.decode()
    assert "Tanger-Tétouan-Al Hoceïma" in html.unescape(page)


def test_a_code_typed_in_small_letters_is_the_same_subdivision(applicant_client, mena):
    city = start(applicant_client, subdivision=" ma-01 ")

    assert city.subdivision == "MA-01"


MISMATCH = (
    "%(subdivision)s is not a subdivision of %(country)s: choose one of its subdivisions, or none."
)


@pytest.mark.parametrize(
    ("language", "morocco"), [("en", "Morocco"), ("fr", "Maroc"), ("ar", "المغرب")]
)
def test_a_subdivision_of_another_country_is_refused_with_a_clear_message_and_nothing_is_saved(
    applicant_client, mena, language, morocco
):
    response = applicant_client.post(
        url("application_start", language), details(subdivision="NO-03")
    )

    assert response.status_code == 200
    message = translated(language, MISMATCH) % {"subdivision": "Oslo", "country": morocco}
    assert (language == "en") == (message == MISMATCH % {"subdivision": "Oslo", "country": morocco})
    assert message in html.unescape(response.content.decode())
    assert not LocalGovernment.objects.exists()


def test_a_draft_moved_to_a_subdivision_of_another_country_keeps_its_recorded_one(
    applicant_client, mena
):
    city = start(applicant_client)

    response = applicant_client.post(
        url("application_details", code=city.code),
        details(subdivision="NO-03", name="Another name", role=None),
    )

    assert response.status_code == 200
    assert "Oslo is not a subdivision of Morocco" in response.content.decode()
    city.refresh_from_db()
    assert (city.subdivision, city.name_en) == ("MA-01", "Tétouan")


def test_an_unknown_code_is_refused_with_a_clear_message(applicant_client, mena):
    response = applicant_client.post(url("application_start"), details(subdivision="MA-99"))

    assert response.context["form"].errors["subdivision"] == [
        "“MA-99” is not a subdivision the portal knows: choose one from the list."
    ]
    assert not LocalGovernment.objects.exists()


def test_the_list_narrows_to_the_chosen_country_with_the_portals_own_script(applicant_client, mena):
    page = start_page(applicant_client)

    assert 'data-country-field="id_country"' in page
    assert re.search(r'<script src="/static/js/forms\.js" defer></script>', page)


def test_a_members_profile_offers_only_the_subdivisions_of_its_country(db):
    rabat = factories.LocalGovernmentFactory(name="Rabat", country="MA", subdivision="MA-04")

    choices = dict(CityProfileForm(instance=rabat).fields["subdivision"].choices)

    assert choices["MA-04"] == "Rabat-Salé-Kénitra"
    assert "NO-03" not in choices


# --- Coordinates ------------------------------------------------------------------------------


def test_coordinates_left_empty_are_valid(applicant_client, mena):
    city = start(applicant_client, latitude="", longitude="")

    assert city.latitude is None and city.longitude is None


def test_the_form_says_the_coordinates_may_be_left_empty(applicant_client, mena):
    page = html.unescape(start_page(applicant_client))

    assert "Optional: leave both coordinates empty if you do not know them." in page


@pytest.mark.parametrize("name", ["latitude", "longitude"])
def test_the_coordinates_are_typed_left_to_right_on_the_arabic_page(applicant_client, mena, name):
    field = re.search(rf'<input [^>]*name="{name}"[^>]*>', start_page(applicant_client, "ar"))[0]

    # The stylesheet sets these inputs left to right (input[type=number], [inputmode=decimal]).
    assert 'type="number"' in field
    assert 'inputmode="decimal"' in field


# --- Languages of work ------------------------------------------------------------------------


def test_the_languages_of_work_are_boxes_to_tick_with_a_filter(applicant_client, mena):
    page = start_page(applicant_client)

    assert '<select name="languages"' not in page
    assert page.count('type="checkbox" name="languages"') == len(names.languages_of_work())
    assert re.search(r"<legend>Languages of work</legend>", page)
    filter_box = re.search(r'<div class="choice-filter"[^>]*hidden>.*?</div>', page, re.S)[0]
    assert '<label for="id_languages_filter">Find a language</label>' in filter_box


def test_ticked_languages_are_saved(applicant_client, mena):
    city = start(applicant_client, languages=["ar", "fr", "ms"])

    assert city.languages == ["ar", "fr", "ms"]


@pytest.mark.parametrize("language", PAGE_LANGUAGES)
def test_no_language_of_work_is_left_in_english(language):
    """Each name is the catalogue's translation; French and Spanish write a few the English
    way (Hindi), which the catalogue records as their translation."""
    with translation.override("en"):
        english = {code: names.language_name(code) for code, _label in names.languages_of_work()}
    catalogue = trans_real.translation(language)._catalog
    with translation.override(language):
        shown = {code: names.language_name(code) for code in english}

    left_in_english = [
        english[code]
        for code, name in shown.items()
        if name == english[code] and (language == "ar" or english[code] not in catalogue)
    ]
    assert left_in_english == []


def test_the_names_once_left_in_english_read_in_arabic_on_the_page(applicant_client, mena):
    page = html.unescape(start_page(applicant_client, "ar"))

    for english in ("Malay", "Norwegian Bokmal", "Norwegian Bokmål", "Uyghur"):
        assert f" {english} —" not in page
    assert "الملايوية — Bahasa Melayu" in page
    assert "الإيغورية" in page


def test_a_city_page_names_its_languages_in_the_page_language(applicant_client, mena):
    city = start(applicant_client, languages=["nb"])

    page = applicant_client.get(url("city_portal", "fr", code=city.code)).content.decode()

    assert "Norvégien bokmål" in html.unescape(page)


# --- The progress list --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_first_step_shows_the_same_progress_list_as_the_others(
    applicant_client, mena, language
):
    steps_label = translated(language, "Steps of the application")
    first = translated(language, "The local government")
    page = start_page(applicant_client, language)

    nav = re.search(rf'<nav aria-label="{re.escape(steps_label)}">(.*?)</nav>', page, re.S)
    assert nav, "no progress list on the first step"
    items = re.findall(r"<li([^>]*)>\s*([^<]+?)\s*<", nav[1])
    assert len(items) == 5
    assert 'aria-current="step"' in items[0][0] and html.unescape(items[0][1]) == first
    assert 'class="done"' not in nav[1]

    # The same list as on the next step, where the first is done.
    city = start(applicant_client)
    contacts = applicant_client.get(url("application_contacts", language, code=city.code))
    assert steps_label in contacts.content.decode()
