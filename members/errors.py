"""The members app's exceptions."""

from django.core.exceptions import ValidationError


class MembershipError(ValidationError):
    """A rule of the membership lifecycle refused the change; the message says which."""
