from django import template

from .. import names
from ..selectors.directory import language_names as _language_names

register = template.Library()


@register.filter
def language_names(codes) -> str:
    """ISO 639-1 codes as language names in the page's language: ["ar", "fr"] → "Arabic, French"."""
    return ", ".join(str(name) for name in _language_names(codes or []))


@register.filter
def subdivision_name(code) -> str:
    """An ISO 3166-2 code as the subdivision's name in the page's language: "MA-04" →
    "Rabat-Salé-Kénitra"; an unknown code as it is."""
    return names.subdivision_name(code or "")
