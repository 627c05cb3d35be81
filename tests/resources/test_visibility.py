"""Who reads which resource: public to everyone, members only to the network's members
(officials of cities that may hold member benefits, ISC members, experts, staff), staff
only to staff. Anyone else gets 404 for the page and its files, a guessed address too."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from resources.models import ResourceFile
from tests import factories

pytestmark = pytest.mark.django_db


def with_file(resource) -> ResourceFile:
    attached = ResourceFile(resource=resource, title="The guide", format="pdf", extension="pdf")
    attached.file.save("guide.pdf", ContentFile(factories.PDF_BYTES), save=False)
    attached.size = len(factories.PDF_BYTES)
    attached.save()
    return attached


READERS = {
    "public": {
        "anonymous": 200,
        "official_of_rabat": 200,
        "expert": 200,
        "mu_staff": 200,
    },
    "members": {
        "anonymous": 404,
        "official_of_rabat": 200,
        "isc_member": 200,
        "expert": 200,
        "hub_staff_mena": 200,
        "mu_staff": 200,
    },
    "staff": {
        "anonymous": 404,
        "official_of_rabat": 404,
        "isc_member": 404,
        "expert": 404,
        "hub_staff_mena": 200,
        "mu_staff": 200,
    },
}


@pytest.mark.parametrize("visibility", ["public", "members", "staff"])
def test_each_visibility_is_read_only_by_those_it_is_for(client_as, visibility, rabat):
    # Rabat's membership and commitment make its official a member reader.
    factories.CommitmentFactory(local_government=rabat)
    resource = factories.make_resource(title="Youth councils guide", visibility=visibility)
    attached = with_file(resource)
    for persona, status in READERS[visibility].items():
        client = client_as(persona)
        page = client.get(reverse("resources:detail", kwargs={"code": resource.code}))
        assert page.status_code == status, (persona, "page")
        download = client.get(attached.get_absolute_url())
        assert download.status_code == status, (persona, "file")
        listed = client.get(reverse("resources:list"))
        assert ("Youth councils guide" in listed.content.decode()) == (status == 200), persona


def test_an_official_of_a_city_without_member_benefits_reads_public_resources_only(
    client_as, oslo, rabat
):
    # Rabat committed to the current principles; Oslo did not: no member benefits today.
    factories.CommitmentFactory(local_government=rabat)
    resource = factories.make_resource(visibility="members")
    client = client_as("official_of_other_city")
    assert client.get(resource.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_a_resource_not_published_is_404_even_to_staff_on_the_public_page(client_as, status):
    resource = factories.make_resource(status=status)
    attached = with_file(resource)
    assert client_as("anonymous").get(resource.get_absolute_url()).status_code == 404
    assert client_as("anonymous").get(attached.get_absolute_url()).status_code == 404
    assert client_as("mu_staff").get(resource.get_absolute_url()).status_code == 404


def test_a_guessed_address_is_404(client):
    import uuid

    assert client.get(reverse("resources:detail", kwargs={"code": uuid.uuid4()})).status_code == 404
    assert client.get(reverse("resources:file", kwargs={"code": uuid.uuid4()})).status_code == 404


def test_a_download_is_counted_and_served_as_an_attachment(client):
    resource = factories.make_resource()
    attached = with_file(resource)
    response = client.get(attached.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == factories.PDF_BYTES
    client.get(resource.get_absolute_url())
    resource.refresh_from_db()
    assert (resource.downloads, resource.views) == (1, 1)


def test_a_script_in_the_text_is_removed_and_formatting_kept(client):
    resource = factories.make_resource(
        body='<p>Steps <strong>taken</strong></p><script>alert("x")</script>'
        '<a href="javascript:alert(1)">bad</a><img src=x onerror="alert(2)">'
    )
    html = client.get(resource.get_absolute_url()).content.decode()
    assert "<strong>taken</strong>" in html
    assert "alert(" not in html and "onerror" not in html


def test_the_list_costs_the_same_queries_whatever_the_number_of_resources(
    client, django_assert_max_num_queries
):
    url = reverse("resources:list")
    for _ in range(3):
        factories.make_resource()
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(30):
        factories.make_resource()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.parametrize(
    "query",
    ["kind=unknown", "page=999", "page=abc", "year=20x5", "priority=nope", "q=" + "x" * 500],
)
def test_bad_filters_answer_with_a_message_or_an_empty_page_never_an_error(client, query):
    factories.make_resource()
    response = client.get(reverse("resources:list") + "?" + query)
    assert response.status_code == 200
