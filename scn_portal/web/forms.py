"""What every form of the portal does the same way."""

from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class ChecksWithService:
    """A form whose ``clean`` asks a service's check, ``check(data)``, and shows its refusal
    on the form (beside its field when it names one), before anything is saved. ``data``
    holds only the fields that are valid so far. The rule lives once, in the service, which
    asks the same check again when it saves."""

    def check(self, data: dict) -> None:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        try:
            self.check(data)
        except ValidationError as exc:
            add_service_errors(self, exc)
        return data


def is_filtered(filterset, data) -> bool:
    """Whether the visitor asked for anything (an empty filter form lists everything)."""
    return any(v.strip() for name in filterset.filters for v in data.getlist(name))


class PortalFormRenderer(TemplatesSetting):
    """Every form and field of the portal's pages renders from one pair of templates
    (``templates/forms/``): labels, help, errors tied to their field for screen readers,
    a fieldset for a list of choices."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
