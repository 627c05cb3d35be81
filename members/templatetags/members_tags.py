from django import template

from ..selectors.directory import language_names as _language_names

register = template.Library()


@register.filter
def language_names(codes) -> str:
    """ISO 639-1 codes as language names in the page's language: ["ar", "fr"] → "Arabic, French"."""
    return ", ".join(str(name) for name in _language_names(codes or []))
