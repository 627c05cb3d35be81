"""Validators for what people type and upload; every message is translated."""

import json
import uuid

import pycountry
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF_MAX_BYTES = 5 * 1024 * 1024
LOGO_MAX_BYTES = 1 * 1024 * 1024


def subdivision_country(code: str) -> str | None:
    """The ISO 3166-1 country of an ISO 3166-2 code, or None if the code is unknown."""
    found = pycountry.subdivisions.get(code=code.upper())
    return found.country_code if found else None


def validate_subdivision_code(code: str) -> None:
    if code and subdivision_country(code) is None:
        raise ValidationError(
            _("“%(code)s” is not an ISO 3166-2 subdivision code."),
            code="unknown_subdivision",
            params={"code": code},
        )


def validate_subdivision_in_country(code: str, country: str) -> None:
    if not code:
        return
    validate_subdivision_code(code)
    if subdivision_country(code) != str(country).upper():
        raise ValidationError(
            _("The subdivision %(code)s is not in the country chosen."),
            code="subdivision_country_mismatch",
            params={"code": code},
        )


def validate_language_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give the languages as a list of codes."), code="invalid")
    unknown = [v for v in value if pycountry.languages.get(alpha_2=v) is None]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."),
            code="unknown_language",
            params={"codes": ", ".join(unknown)},
        )


@deconstructible
class FileContentValidator:
    """Check an upload by its content and size, never by name or declared type
    (``scn_portal.uploads.check_upload``)."""

    def __init__(self, *, kind: str, max_bytes: int):
        self.kind = kind
        self.max_bytes = max_bytes

    def __call__(self, file) -> None:
        from scn_portal.uploads import check_upload

        check_upload(file, kind=self.kind, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return (
            isinstance(other, FileContentValidator)
            and self.kind == other.kind
            and self.max_bytes == other.max_bytes
        )


validate_pdf = FileContentValidator(kind="pdf", max_bytes=PDF_MAX_BYTES)
validate_logo = FileContentValidator(kind="image", max_bytes=LOGO_MAX_BYTES)


# Uploads get a generated name: nothing of the uploader's file name is kept.
def commitment_letter_path(instance, filename: str) -> str:
    return f"commitments/{uuid.uuid4().hex}.pdf"


def logo_path(instance, filename: str) -> str:
    return f"logos/{uuid.uuid4().hex}"


def parse_boundary(value):
    """A GeoJSON Polygon or MultiPolygon (geometry or Feature) as a valid shapely shape."""
    from shapely.geometry import shape

    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValidationError(
                _("The boundary is not valid JSON."), code="invalid_json"
            ) from exc
    if not isinstance(value, dict):
        raise ValidationError(_("The boundary must be a GeoJSON object."), code="invalid_geojson")
    if value.get("type") == "Feature":
        value = value.get("geometry") or {}
    if value.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(
            _("The boundary must be a GeoJSON Polygon or MultiPolygon."), code="not_polygon"
        )
    try:
        geometry = shape(value)
    except Exception as exc:
        raise ValidationError(
            _("The boundary's coordinates do not describe a polygon."), code="invalid_geojson"
        ) from exc
    if geometry.is_empty or not geometry.is_valid:
        raise ValidationError(
            _("The boundary is not a valid polygon (it may cross itself)."), code="invalid_polygon"
        )
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationError(
            _("The boundary's coordinates are out of range (longitude, latitude)."),
            code="out_of_range",
        )
    return geometry


def validate_boundary(value) -> None:
    parse_boundary(value)
