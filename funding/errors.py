"""The funding app's exceptions."""

from django.core.exceptions import ValidationError


class FundingError(ValidationError):
    """A rule of the funding ledger refused the change; the message says which."""
