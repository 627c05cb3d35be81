"""Form fields the portal's forms share (governance's too)."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# Ids the database can compare: SQLite's INTEGER (and PostgreSQL's bigint) are 64-bit.
ID_RANGE = range(-(2**63), 2**63)


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Objects chosen by id (ticked boxes); an id no database integer can hold is an
    invalid choice, like any other unknown id.

    Django checks the ids with a single ``id IN (...)`` query, which SQLite cannot run
    with such a number (OverflowError, a server error) — an id typed into a crafted form.
    """

    def clean(self, value):
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(key, models.IntegerField) and isinstance(value, list | tuple):
            for item in value:
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
        return super().clean(value)


class CoordinateField(forms.DecimalField):
    """A latitude or longitude typed with any precision, kept to five decimals."""

    def __init__(self, *, limit: int, **kwargs):
        super().__init__(min_value=-limit, max_value=limit, required=False, **kwargs)
        self.widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        return value.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)
