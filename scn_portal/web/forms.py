"""What every form of the portal does the same way."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
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


# Ids the database can compare: SQLite's INTEGER (and PostgreSQL's bigint) are 64-bit.
ID_RANGE = range(-(2**63), 2**63)


class RefusesImpossibleKeys:
    """A field choosing objects by key (id or code) that refuses, as an invalid choice
    like any other unknown key, an integer key no database integer can hold.

    Django looks the keys up with a query, which SQLite cannot run with such a number
    (OverflowError, a server error).
    """

    def refuse_impossible_keys(self, values) -> None:
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if not isinstance(key, models.IntegerField):
            return
        for item in values:
            try:
                number = int(item)
            except (TypeError, ValueError):
                continue  # not a number: Django's own check refuses it
            if number not in ID_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )


class IdChoicesField(RefusesImpossibleKeys, forms.ModelMultipleChoiceField):
    """Objects chosen by id (ticked boxes); an unknown id is an invalid choice."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            self.refuse_impossible_keys(value)
        return super().clean(value)


class PortalFormRenderer(TemplatesSetting):
    """Every form and field of the portal's pages renders from one pair of templates
    (``templates/forms/``): labels, help, errors tied to their field for screen readers,
    a fieldset for a list of choices."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
