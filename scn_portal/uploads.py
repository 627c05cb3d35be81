"""What the portal accepts as an upload, judged by content and size, never by name.

``check_upload`` is the one check every app calls (signed letters, logos, meeting papers,
and the files of the capabilities to come). A PDF must start as a PDF and must not also
be something a browser or a reader would run: a file that carries web-page or script
markup (an HTML/JavaScript polyglot) or PDF actions that run code (JavaScript, Launch) is
refused. ``RequestBodyLimitMiddleware`` refuses an oversized request before its body is
read, from its ``Content-Length``.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

# Markup a browser would render or run, anywhere in the file (case does not matter).
_WEB_CONTENT = re.compile(
    rb"<(?:html|head|body|script|iframe|object|embed|meta|svg[\s>/]|!doctype\s+html)"
    rb"|javascript:",
    re.IGNORECASE,
)
# PDF actions that run code when the file is opened; a plain document needs none.
_ACTIVE_PDF = re.compile(rb"/(?:JavaScript|JS|Launch)(?=[\s/<(\[>])")
_CHUNK = 1024 * 1024
_OVERLAP = 32


def _scan(file, pattern: re.Pattern) -> bool:
    """Whether ``pattern`` occurs anywhere in ``file``, read in chunks (memory stays flat)."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    tail = b""
    try:
        while True:
            chunk = file.read(_CHUNK)
            if not chunk:
                return False
            if pattern.search(tail + chunk):
                return True
            tail = chunk[-_OVERLAP:]
    finally:
        file.seek(position)


def _head(file, size: int = 16) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head


def check_upload(file, *, kind: str, max_bytes: int) -> None:
    """Raise ``ValidationError`` (a translated message) unless ``file`` is a ``kind``
    ("pdf" or "image": PNG or JPEG) of at most ``max_bytes``."""
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(size)s MB."),
            code="file_too_large",
            params={"size": max_bytes // (1024 * 1024)},
        )
    head = _head(file)
    if kind == "pdf":
        if not head.startswith(PDF_MAGIC):
            raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
        if _scan(file, _WEB_CONTENT) or _scan(file, _ACTIVE_PDF):
            raise ValidationError(
                _(
                    "The PDF contains web-page or script code, which a document does not "
                    "need. Save it again as a plain PDF (for example with “Print to PDF”) "
                    "and upload that."
                ),
                code="active_pdf",
            )
    elif kind == "image":
        if not (head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC)):
            raise ValidationError(_("The logo must be a PNG or JPEG image."), code="not_image")
        if _scan(file, _WEB_CONTENT):
            raise ValidationError(
                _("The image contains web-page or script code; upload a plain image."),
                code="active_image",
            )
    else:
        raise ValueError(kind)


class RequestBodyLimitMiddleware:
    """Refuse a request whose body is larger than the portal accepts, before reading it.

    ``MAX_REQUEST_BODY_BYTES`` holds for every page; the admin, where staff upload meeting
    papers of up to 20 MB each, allows ``MAX_ADMIN_REQUEST_BODY_BYTES``. The answer is a
    413 page in the visitor's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BODY_BYTES
        if "/admin/" in request.path_info[:12]:
            limit = settings.MAX_ADMIN_REQUEST_BODY_BYTES
        if length > limit:
            return render(
                request,
                "413.html",
                {"limit_mb": limit // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)
