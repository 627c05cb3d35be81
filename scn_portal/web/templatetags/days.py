from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_since(moment) -> int:
    """Whole days from ``moment`` (a date or a date and time) to today."""
    if moment is None:
        return 0
    day = timezone.localtime(moment).date() if hasattr(moment, "hour") else moment
    return max((timezone.localdate() - day).days, 0)
