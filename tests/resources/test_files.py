"""A resource's file is judged by its content and size, never by its name: PDFs, images
and Office Open XML documents without macros, up to 20 MB; anything else is refused with
a clear message and nothing is saved."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from resources.models import Resource
from resources.validators import RESOURCE_FILE_MAX_BYTES, classify_resource_file
from tests import factories

from .test_workflow import submit

pytestmark = pytest.mark.django_db


def office(part: str = "word/document.xml", *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def refusal(content: bytes, name: str = "guide.docx", size: int | None = None) -> str:
    upload = SimpleUploadedFile(name, content)
    if size is not None:
        upload.size = size
    with pytest.raises(ValidationError) as refused:
        classify_resource_file(upload)
    return refused.value.messages[0]


@pytest.mark.parametrize(
    ("part", "extension"),
    [("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx")],
)
def test_an_office_document_is_known_by_its_content_whatever_its_name(part, extension):
    upload = SimpleUploadedFile("renamed.pdf", office(part))
    assert classify_resource_file(upload) == ("office", extension)


def test_a_pdf_named_as_a_document_is_a_pdf():
    upload = SimpleUploadedFile("guide.docx", factories.PDF_BYTES)
    assert classify_resource_file(upload) == ("pdf", "pdf")


def test_a_document_with_macros_is_refused():
    assert "macros" in refusal(office(macros=True))


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 not really a zip", office("content/other.xml")],
    ids=["damaged", "no-office-part"],
)
def test_a_damaged_office_document_is_refused(content):
    assert refusal(content) == "The office document is damaged."


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    message = refusal(factories.PDF_BYTES, size=RESOURCE_FILE_MAX_BYTES + 1)
    assert message == "The file is too large: at most 20 MB."
    with translation.override("fr"):
        assert refusal(factories.PDF_BYTES, size=RESOURCE_FILE_MAX_BYTES + 1) != message


def test_a_submission_with_a_macro_document_shows_why_and_saves_nothing(client_as, rabat):
    official = client_as("official_of_rabat")
    response = submit(official, rabat, file=SimpleUploadedFile("plan.docx", office(macros=True)))

    assert response.status_code == 200
    assert "macros" in response.content.decode()
    assert not Resource.objects.exists()
