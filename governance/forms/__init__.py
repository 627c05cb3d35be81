"""Forms of governance (the portal's and the admin's), one module per sub-domain.

Forms collect input; the rules are the services'. A form that saves through a service
asks the service's ``check_…`` function in ``clean`` (``ChecksWithService``), so a
refusal shows as a form error, beside its field when it names one, before anything is
saved (see ``governance.admin.saving``).
"""

from django.core.exceptions import ValidationError

from scn_portal.web.forms import add_service_errors


class ChecksWithService:
    """A form whose ``clean`` asks the service's check, ``check(data)``, and shows its
    refusal on the form. ``data`` holds only the fields that are valid so far."""

    def check(self, data: dict) -> None:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        try:
            self.check(data)
        except ValidationError as exc:
            add_service_errors(self, exc)
        return data
