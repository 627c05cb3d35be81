"""Uploads are judged by their content, never by their name or the browser's word, and
are kept under generated names where no web server serves them."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Commitment, PrincipleVersion
from members.validators import (
    LOGO_MAX_BYTES,
    PDF_MAX_BYTES,
    commitment_letter_path,
    logo_path,
    validate_logo,
    validate_pdf,
)
from tests import factories

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
# A PDF's magic bytes after a few bytes of HTML: browsers sniff the HTML, so it is refused.
HTML_THEN_PDF = b"<html>%PDF-1.4\n"

DISGUISES = [
    pytest.param(SVG, "logo.png", "image/png", id="svg-named-png"),
    pytest.param(SVG, "logo.svg", "image/svg+xml", id="svg"),
    pytest.param(HTML, "letter.pdf", "application/pdf", id="html-named-pdf"),
    pytest.param(SCRIPT, "letter.pdf", "application/pdf", id="script-named-pdf"),
    pytest.param(HTML_THEN_PDF, "letter.pdf", "application/pdf", id="html-before-pdf-magic"),
]


def upload(content: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(("content", "name", "content_type"), DISGUISES)
def test_no_svg_html_or_script_passes_as_a_letter(content, name, content_type):
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content, name, content_type))
    assert refused.value.code == "not_pdf"


@pytest.mark.parametrize(("content", "name", "content_type"), DISGUISES)
def test_no_svg_html_or_script_passes_as_a_logo(content, name, content_type):
    with pytest.raises(ValidationError) as refused:
        validate_logo(upload(content, name, content_type))
    assert refused.value.code == "not_image"


@pytest.mark.parametrize("content", [PNG, JPEG], ids=["png", "jpeg"])
def test_a_png_or_jpeg_logo_is_accepted_whatever_it_is_called(content):
    validate_logo(upload(content, "whatever.txt", "text/plain"))


def test_a_pdf_letter_is_accepted_whatever_it_is_called():
    validate_pdf(upload(factories.PDF_BYTES, "scan.jpeg", "image/jpeg"))


@pytest.mark.parametrize(
    ("validator", "head", "limit", "megabytes"),
    [(validate_pdf, b"%PDF-", PDF_MAX_BYTES, 5), (validate_logo, PNG, LOGO_MAX_BYTES, 1)],
    ids=["letter", "logo"],
)
def test_a_file_over_the_limit_is_refused_with_the_limit_named(validator, head, limit, megabytes):
    validator(upload(head + b"0" * (limit - len(head)), "at-the-limit", "x/y"))  # fits
    with pytest.raises(ValidationError) as refused:
        validator(upload(head + b"0" * (limit - len(head) + 1), "over", "x/y"))
    assert refused.value.code == "file_too_large"
    assert f"{megabytes} MB" in str(refused.value.messages[0])


def test_stored_names_are_generated_and_keep_nothing_of_the_uploaders_name():
    names = {commitment_letter_path(None, "../../etc/passwd<script>.pdf") for _ in range(3)}
    names |= {logo_path(None, "evil.svg") for _ in range(3)}
    assert len(names) == 6  # a fresh name each time
    for name in names:
        assert "passwd" not in name and "script" not in name and "svg" not in name
        assert ".." not in name
    assert all(n.startswith("commitments/") or n.startswith("logos/") for n in names)


def test_uploads_live_outside_the_static_files_and_are_not_served_by_address(client, rabat):
    commitment = Commitment.objects.create(
        local_government=rabat,
        version=PrincipleVersion.objects.create(label="2023", effective_on=date(2023, 1, 1)),
        signatory_name="Mayor of Rabat",
        signatory_title="Mayor",
        signatory_role="mayor",
        signed_on=date(2025, 1, 1),
    )
    commitment.letter.save("My letter.pdf", ContentFile(factories.PDF_BYTES))

    stored = Path(commitment.letter.path)
    assert stored.is_file() and stored.is_relative_to(settings.MEDIA_ROOT)
    assert not stored.is_relative_to(settings.STATIC_ROOT)
    assert "letter" not in stored.name.lower()
    for prefix in (settings.MEDIA_URL, settings.STATIC_URL, "/media/", "/en/media/"):
        assert client.get(f"{prefix}{commitment.letter.name}").status_code == 404


# --- Polyglots and oversized requests -------------------------------------------------------

PLAIN_PDF = factories.PDF_BYTES
POLYGLOTS = [
    pytest.param(PLAIN_PDF + b"\n<html><script>alert(document.cookie)</script></html>", id="html"),
    pytest.param(PLAIN_PDF + b"\n<SCRIPT src=//evil.example/x.js></SCRIPT>", id="script-upper"),
    pytest.param(PLAIN_PDF + b"\n<svg onload=alert(1)>", id="svg"),
    pytest.param(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> "
        b">> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        id="pdf-javascript",
    ),
    pytest.param(
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj\n%%EOF\n",
        id="pdf-launch",
    ),
]


@pytest.mark.parametrize("content", POLYGLOTS)
def test_a_pdf_that_is_also_a_web_page_or_runs_code_is_refused(content):
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content, "letter.pdf", "application/pdf"))
    assert refused.value.code == "active_pdf"


def test_a_plain_pdf_is_accepted():
    validate_pdf(upload(PLAIN_PDF, "letter.pdf", "application/pdf"))


def test_markup_across_the_chunks_the_check_reads_is_found():
    content = PLAIN_PDF + b"\x00" * (1024 * 1024 - len(PLAIN_PDF) - 3) + b"<script>"
    with pytest.raises(ValidationError):
        validate_pdf(upload(content, "letter.pdf", "application/pdf"))


def test_a_meeting_paper_is_held_to_the_same_check():
    from governance.errors import GovernanceError
    from governance.services.meetings import check_paper_file

    with pytest.raises(GovernanceError):
        check_paper_file(upload(POLYGLOTS[0].values[0], "paper.pdf", "application/pdf"))


def test_an_oversized_request_is_refused_before_its_body_is_read(client_as, rabat, settings):
    from django.urls import reverse

    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024
    client = client_as("official_of_rabat")
    url = reverse("members:recommit_signatory", kwargs={"code": rabat.code})

    class Unread:
        """A body that fails if anyone reads it."""

        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        url,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(6 * 1024 * 1024),
        **{"wsgi.input": Unread()},
    )

    assert response.status_code == 413
    assert "larger than the portal accepts (1 MB at most)" in response.content.decode()


def test_the_too_large_page_speaks_the_visitors_language(client, settings, db):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = client.post(
        "/fr/accounts/login/", data=b"x" * 4096, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert 'lang="fr"' in response.content.decode()
