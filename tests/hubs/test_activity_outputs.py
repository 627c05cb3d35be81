"""After an activity, staff record its outputs (a report, a communiqué): a public output
is listed on the activity's public page and downloaded by anyone; a private one only by
its participants and organisers; a file that is not a PDF is refused and nothing kept."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from hubs.models import ActivityDocument
from hubs.services import activities as services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(mena_hub):
    return factories.ActivityFactory(
        title="Exchange on youth outreach", organiser="hub", hub=mena_hub, status="held"
    )


def output(activity, actor, *, title, is_public, content=None):
    return services.add_document(
        activity=activity,
        title=title,
        file=ContentFile(content or factories.PDF_BYTES, name="output.pdf"),
        kind=ActivityDocument.Kind.OUTPUT,
        is_public=is_public,
        actor=actor,
    )


def test_a_public_output_is_listed_and_downloaded_by_anyone(client_as, held, hub_staff_mena):
    document = output(held, hub_staff_mena, title="Communiqué of the exchange", is_public=True)
    page = client_as("anonymous").get(
        reverse("activities:activity_detail", kwargs={"code": held.code})
    )
    assert "Communiqué of the exchange" in page.content.decode()
    assert "Output" in page.content.decode()
    download = client_as("anonymous").get(
        reverse("activities:document_download", kwargs={"code": document.code})
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_private_output_is_for_participants_and_organisers(
    client_as, held, hub_staff_mena, official_of_rabat
):
    document = output(held, hub_staff_mena, title="Participants' notes", is_public=False)
    url = reverse("activities:document_download", kwargs={"code": document.code})
    page = reverse("activities:activity_detail", kwargs={"code": held.code})
    assert "Participants' notes" not in client_as("anonymous").get(page).content.decode()
    assert client_as("anonymous").get(url).status_code == 404
    assert client_as("hub_staff_other").get(url).status_code == 404
    assert client_as("hub_staff_mena").get(url).status_code == 200


def test_an_output_that_is_not_a_pdf_is_refused_and_nothing_kept(held, hub_staff_mena):
    with pytest.raises(ValidationError):
        output(held, hub_staff_mena, title="Not a PDF", is_public=True, content=b"MZ\x90\x00")
    assert not ActivityDocument.objects.exists()
