"""The governance app's refusal."""

from django.core.exceptions import ValidationError


class GovernanceError(ValidationError):
    """A governance rule refused the change; the message says which.

    A ``ValidationError``, so a form shows it (on its field when it names one) and the
    platform's admin actions report it per row.
    """
