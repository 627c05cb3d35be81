from django import template

from scn_portal.web.bidi import arrow as _arrow

register = template.Library()


@register.simple_tag
def arrow() -> str:
    """The arrow from "before" to "after" in the direction the page reads."""
    return _arrow()
