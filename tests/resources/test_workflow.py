"""A good practice from a city to the hub: the official submits it, staff ask for
changes (emailed in the official's language), the official changes it, staff publish it,
and it shows on the city's public profile. Each move is in the audit trail."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resources.models import Resource
from resources.services import resources as services
from scn_portal.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

SUBMISSION = {
    "kind": "good_practice",
    "title": "Youth councils in every district",
    "summary": "How Rabat gave young people a seat in district decisions.",
    "body": "<p>Each district elects a youth council.</p><script>alert(1)</script>",
    "languages": ["ar", "fr"],
    "external_url": "",
}


def submit(client, city, **extra):
    return client.post(
        reverse("resources:submit"), {**SUBMISSION, "city": city.pk, **extra}, follow=True
    )


def test_an_official_submits_staff_ask_for_changes_then_publish_and_the_city_shows_it(
    client_as, rabat, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    official_of_rabat.language = "fr"
    official_of_rabat.save(update_fields=["language"])
    official = client_as("official_of_rabat")
    assert submit(official, rabat).status_code == 200
    resource = Resource.objects.get()
    assert (resource.status, resource.author_city, resource.submitted_by) == (
        "in_review",
        rabat,
        official_of_rabat,
    )
    # Not public while in review.
    assert client_as("anonymous").get(resource.get_absolute_url()).status_code == 404

    staff = client_as("mu_staff")
    queue = staff.get(reverse("workqueue:queue")).content.decode()
    assert "Youth councils in every district" in queue
    review = reverse("resources:review_decide", kwargs={"code": resource.code})
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(review, {"decision": "changes", "note": "Add the budget, please."})
    resource.refresh_from_db()
    assert resource.status == "draft"
    (email,) = mail.outbox
    assert email.to == [official_of_rabat.email]
    assert "Add the budget, please." in email.body
    assert "avant" in email.subject  # French: « Modifications demandées avant publication »

    edit = reverse("resources:edit_submission", kwargs={"code": resource.code})
    assert "Add the budget, please." in official.get(edit).content.decode()
    official.post(edit, {**SUBMISSION, "summary": "Now with the budget."})
    resource.refresh_from_db()
    assert resource.status == "in_review"

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(review, {"decision": "publish"})
    resource.refresh_from_db()
    assert resource.status == "published" and resource.published_on is not None
    assert len(mail.outbox) == 2

    profile = client_as("anonymous").get(reverse("members:city", kwargs={"code": rabat.code}))
    assert "Youth councils in every district" in profile.content.decode()
    page = client_as("anonymous").get(resource.get_absolute_url()).content.decode()
    assert "Each district elects a youth council." in page and "alert(1)" not in page
    events = set(
        AuditEntry.objects.filter(object_id=str(resource.pk)).values_list("event", flat=True)
    )
    assert {
        "resource_submitted",
        "resource_changes_requested",
        "resource_submission_changed",
        "resource_published",
    } <= events


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(client_as, rabat):
    official = client_as("official_of_rabat")
    fake = SimpleUploadedFile("guide.pdf", b"<html><script>alert(1)</script></html>")
    response = submit(official, rabat, file=fake)
    assert "Upload a PDF" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_pdf_is_attached_and_readable_once_published(client_as, rabat, mu_staff):
    official = client_as("official_of_rabat")
    submit(official, rabat, file=SimpleUploadedFile("guide.pdf", factories.PDF_BYTES))
    resource = Resource.objects.get()
    attached = resource.files.get()
    assert attached.format == "pdf"
    assert client_as("anonymous").get(attached.get_absolute_url()).status_code == 404
    services.publish_resource(resource=resource, actor=mu_staff)
    assert client_as("anonymous").get(attached.get_absolute_url()).status_code == 200


def test_an_official_cannot_submit_for_a_city_they_do_not_act_for(client_as, rabat, oslo):
    official = client_as("official_of_other_city")
    response = submit(official, rabat)
    assert response.status_code == 200
    assert not Resource.objects.exists()


def test_someone_without_a_city_or_hub_cannot_submit(client_as):
    assert client_as("expert").get(reverse("resources:submit")).status_code == 404
    assert client_as("anonymous").get(reverse("resources:submit")).status_code == 302


def test_hub_staff_review_their_regions_submissions_only(
    client_as, rabat, official_of_rabat, hub_staff_mena, hub_staff_other
):
    submit(client_as("official_of_rabat"), rabat)
    resource = Resource.objects.get()
    review = reverse("resources:review", kwargs={"code": resource.code})
    assert client_as("hub_staff_mena").get(review).status_code == 200
    assert client_as("hub_staff_other").get(review).status_code == 404
    other = client_as("hub_staff_other")
    other.post(
        reverse("resources:review_decide", kwargs={"code": resource.code}),
        {"decision": "publish"},
    )
    resource.refresh_from_db()
    assert resource.status == "in_review"
    assert "Youth councils" not in other.get(reverse("workqueue:queue")).content.decode()


def test_asking_for_changes_needs_a_note(client_as, rabat, mu_staff):
    submit(client_as("official_of_rabat"), rabat)
    resource = Resource.objects.get()
    response = client_as("mu_staff").post(
        reverse("resources:review_decide", kwargs={"code": resource.code}),
        {"decision": "changes", "note": "  "},
    )
    assert response.status_code == 400
    assert "Say what should change." in response.content.decode()
    resource.refresh_from_db()
    assert resource.status == "in_review"
    assert not mail.outbox


def test_an_archived_resource_leaves_the_hub(client_as, mu_staff):
    resource = factories.make_resource()
    services.archive_resource(resource=resource, actor=mu_staff)
    assert client_as("anonymous").get(resource.get_absolute_url()).status_code == 404
    with pytest.raises(services.ResourceError):
        services.archive_resource(resource=resource, actor=mu_staff)
