"""What a resource's file may be, judged by its content and size, never by its name.

PDFs and images go through the portal's one upload check (``scn_portal.uploads``); office
documents are the Office Open XML formats (a zip holding ``[Content_Types].xml`` and a
``word/``, ``xl/`` or ``ppt/`` part), without macros.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from scn_portal.uploads import JPEG_MAGIC, PDF_MAGIC, PNG_MAGIC, check_upload

RESOURCE_FILE_MAX_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OFFICE_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def _head(file, size: int = 16) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _office_extension(file) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(_("The office document is damaged."), code="bad_office") from exc
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        raise ValidationError(_("The office document is damaged."), code="bad_office")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            _("The document contains macros; save it without them and upload it again."),
            code="office_macros",
        )
    for prefix, extension in OFFICE_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return extension
    raise ValidationError(_("The office document is damaged."), code="bad_office")


def classify_resource_file(file) -> tuple[str, str]:
    """(format, extension) of an acceptable file; a translated ``ValidationError`` else."""
    size = getattr(file, "size", None)
    if size is not None and size > RESOURCE_FILE_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(size)s MB."),
            code="file_too_large",
            params={"size": RESOURCE_FILE_MAX_BYTES // (1024 * 1024)},
        )
    head = _head(file)
    if head.startswith(PDF_MAGIC):
        check_upload(file, kind="pdf", max_bytes=RESOURCE_FILE_MAX_BYTES)
        return "pdf", "pdf"
    if head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC):
        check_upload(file, kind="image", max_bytes=RESOURCE_FILE_MAX_BYTES)
        return "image", "png" if head.startswith(PNG_MAGIC) else "jpg"
    if head.startswith(ZIP_MAGIC):
        return "office", _office_extension(file)
    raise ValidationError(
        _("Upload a PDF, a Word, Excel or PowerPoint document, or a PNG or JPEG image."),
        code="file_type",
    )
