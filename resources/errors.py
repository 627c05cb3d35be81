"""The resources app's exceptions."""

from django.core.exceptions import ValidationError


class ResourceError(ValidationError):
    """A rule of the resource hub refused the change; the message says which."""
