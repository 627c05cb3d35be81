"""The funding app's exceptions."""

from django.core.exceptions import ValidationError


class FundingError(ValidationError):
    """A rule of the funding ledger refused the change; the message says which."""


class FundError(ValidationError):
    """A rule of the Technical Support Fund refused the change; the message says which.

    The code is kept for a refusal by field too (Django's own keeps it for one message only).
    """

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code, params)
        if code is not None and not hasattr(self, "code"):
            self.code = code
