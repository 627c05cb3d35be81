"""Names of what the portal stores as ISO codes, in the page's language: the languages a
city works in (ISO 639-1), countries (ISO 3166-1) and the subdivisions of a country
(ISO 3166-2).

Forms offer these names; pages show them; the database keeps the codes (the
disputed-territory check reads the subdivision's code).

- Languages: Django's own names (``LANG_INFO``), translated by Django's catalogues. A few
  are missing there — Malay and Uyghur in Arabic; LANG_INFO's "Norwegian Bokmal" and
  "Norwegian" in every language — so the portal's catalogue carries those itself
  (``PORTAL_LANGUAGE_NAMES``).
- Subdivisions: pycountry's names, in the page's language where pycountry's ``iso3166-2``
  catalogue has a translation (many in French, some in Spanish, none in Arabic); the
  English name otherwise.
"""

import gettext as gettext_module
from functools import lru_cache

import pycountry
from django.conf.locale import LANG_INFO
from django.utils import translation
from django.utils.translation import gettext_noop
from django_countries import countries

# Language names Django's catalogues do not translate in every portal language: the
# portal's own catalogue has them (``makemessages`` picks them up from here).
PORTAL_LANGUAGE_NAMES = {
    "ms": gettext_noop("Malay"),
    "nb": gettext_noop("Norwegian Bokmål"),
    "no": gettext_noop("Norwegian"),
    "ug": gettext_noop("Uyghur"),
}


def _language_msgid(code: str) -> str | None:
    """The catalogue's English name of ``code``; None for a language Django cannot name."""
    if code in PORTAL_LANGUAGE_NAMES:
        return PORTAL_LANGUAGE_NAMES[code]
    return LANG_INFO.get(code, {}).get("name")


@lru_cache(maxsize=1)
def _languages_of_work_codes() -> tuple[str, ...]:
    """Every ISO 639-1 language Django can name (82): the languages of work offered."""
    return tuple(
        code
        for code, info in LANG_INFO.items()
        if len(code) == 2 and "name" in info and pycountry.languages.get(alpha_2=code)
    )


def language_name(code: str) -> str:
    """The name of the language ``code`` in the page's language; an unknown code as it is."""
    msgid = _language_msgid(code)
    return translation.gettext(msgid) if msgid else code


def languages_of_work() -> list[tuple[str, str]]:
    """(code, label) for each language of work, in the page's language and its order.

    The label adds the language's own name when it differs ("Malay — Bahasa Melayu"), so
    a person finds their language whichever name they look for.
    """
    choices = []
    for code in _languages_of_work_codes():
        label = language_name(code)
        local = LANG_INFO[code].get("name_local")
        if local and local != label:
            label = f"{label} — {local}"
        choices.append((code, label))
    return sorted(choices, key=lambda choice: choice[1].casefold())


# --- Countries ------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _country_names(language: str) -> dict[str, str]:
    with translation.override(language):
        return {code: str(name) for code, name in countries}


def country_name(code: str) -> str:
    """The name of the country ``code`` in the page's language (django-countries' names,
    read once per language: a list of 50 cities would otherwise build each name anew)."""
    return _country_names(translation.get_language() or "en").get(code, code)


# --- Subdivisions ------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _subdivision_catalogue(language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation(
        "iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _translated(name: str, language: str) -> str:
    return _subdivision_catalogue(language).gettext(name)


def _page_language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def subdivision_name(code: str) -> str:
    """The name of the ISO 3166-2 subdivision ``code``; an unknown code as it is."""
    found = pycountry.subdivisions.get(code=(code or "").upper()) if code else None
    if found is None:
        return code
    return _translated(found.name, _page_language())


@lru_cache(maxsize=16)
def _subdivisions_by_country(language: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """Country code → ((code, label), …) in ``language``, by label.

    A subdivision inside another is labelled with its parent, "Tétouan (Tanger-Tétouan-Al
    Hoceïma)": Morocco lists its regions and, under them, their provinces.
    """
    names = {s.code: _translated(s.name, language) for s in pycountry.subdivisions}
    grouped: dict[str, list[tuple[str, str]]] = {}
    for subdivision in pycountry.subdivisions:
        label = names[subdivision.code]
        parent = getattr(subdivision, "parent_code", None)
        if parent and parent in names:
            label = f"{label} ({names[parent]})"
        grouped.setdefault(subdivision.country_code, []).append((subdivision.code, label))
    return {
        country: tuple(sorted(choices, key=lambda choice: choice[1].casefold()))
        for country, choices in grouped.items()
    }


def subdivisions_of(country: str) -> tuple[tuple[str, str], ...]:
    """(code, label) of each subdivision of ``country`` (ISO 3166-1), in the page's language."""
    return _subdivisions_by_country(_page_language()).get(str(country or "").upper(), ())


def subdivision_choices(country_names: dict[str, str]) -> list[tuple[str, list]]:
    """The subdivisions grouped by country, for a select: [(country name, [(code, label),
    …]), …], the countries named and ordered as ``country_names`` (code → name) gives them.
    Countries without subdivisions are left out."""
    by_country = _subdivisions_by_country(_page_language())
    return [
        (name, list(by_country[code])) for code, name in country_names.items() if code in by_country
    ]
