"""``{{ text|rich_text }}``: text people wrote, with the formatting they may use.

Plain text keeps its paragraphs and line breaks (escaped, as ``linebreaks`` does).
Text with markup — pasted from a word processor, or typed by staff writing minutes —
is sanitised with nh3: paragraphs, emphasis, lists, quotations, headings and links to
http(s)/mailto survive; scripts, styles, event handlers, images, frames and every other
tag or attribute are removed. It runs on each display, so older text is safe too.
"""

import re

import nh3
from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li",
    "blockquote", "h3", "h4", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def sanitise(text: str) -> str:
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@register.filter(is_safe=True)
def rich_text(value) -> str:
    text = "" if value is None else str(value)
    if not MARKUP.search(text):
        return linebreaks_filter(text, autoescape=True)
    return mark_safe(sanitise(text))
