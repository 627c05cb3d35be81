"""Staff draft minutes in the admin, one item per agenda item, until they are approved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.errors import GovernanceError
from governance.models import Minutes, MinutesItem
from governance.services import minutes as minutes_services
from tests import factories


def items_form(minutes, texts: dict[int, str]) -> dict:
    items = list(minutes.items.order_by("agenda_item__order"))
    data = {
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data |= {
            f"items-{index}-id": item.pk,
            f"items-{index}-minutes": minutes.pk,
            f"items-{index}-text_en": texts.get(index, item.text_en),
            f"items-{index}-text_ar": item.text_ar or "",
            f"items-{index}-text_fr": item.text_fr or "",
            f"items-{index}-text_es": item.text_es or "",
        }
    return data


def test_staff_start_minutes_with_an_item_per_agenda_item_and_write_them(client_as, mu_staff):
    meeting = factories.MeetingFactory()
    factories.AgendaItemFactory(meeting=meeting, order=1, title_en="Welcome")
    factories.AgendaItemFactory(meeting=meeting, order=2, title_en="Youth")
    client = client_as("mu_staff")
    response = client.post(reverse("admin:governance_minutes_add"), {"meeting": meeting.pk})
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert (minutes.version, minutes.status) == (1, "draft")
    assert minutes.items.count() == 2
    url = reverse("admin:governance_minutes_change", args=[minutes.pk])
    response = client.post(url, items_form(minutes, {0: "Opened by the co-chairs."}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert minutes.items.get(agenda_item__order=1).text_en == "Opened by the co-chairs."
    # A second set of minutes for the same meeting is refused: versions come from corrections.
    response = client.post(reverse("admin:governance_minutes_add"), {"meeting": meeting.pk})
    assert response.status_code == 200
    assert "already has minutes" in response.content.decode()
    assert Minutes.objects.count() == 1


def test_an_agenda_item_added_later_gets_its_minutes_item(mu_staff):
    minutes = factories.make_minutes(items=1)
    factories.AgendaItemFactory(meeting=minutes.meeting, order=5)
    assert minutes_services.add_missing_items(minutes=minutes) == 1
    assert minutes.items.count() == 2


def test_approved_minutes_are_read_only_too(client_as, mu_staff, isc_member):
    minutes = factories.make_minutes(items=1, status="circulated")
    minutes.review_deadline = timezone.now() + datetime.timedelta(days=1)
    minutes.save()
    minutes_services.approve_minutes(minutes=minutes, how="next_meeting", actor=mu_staff)
    client = client_as("mu_staff")
    url = reverse("admin:governance_minutes_change", args=[minutes.pk])
    assert client.post(url, items_form(minutes, {0: "Changed"})).status_code == 403
    with pytest.raises(GovernanceError, match="Approved minutes cannot be changed"):
        minutes_services.write_minutes_item(
            item=minutes.items.get(), texts={"en": "Changed"}, actor=mu_staff
        )
    assert not MinutesItem.objects.filter(text_en="Changed").exists()


def test_the_change_page_shows_reviews_and_comments(client_as, mu_staff, isc_member):
    minutes = factories.make_minutes(items=1, status="circulated")
    minutes.review_deadline = timezone.now() + datetime.timedelta(days=1)
    minutes.save()
    minutes_services.comment_on_minutes(
        minutes=minutes,
        agenda_item=minutes.items.get().agenda_item,
        author=isc_member,
        text="Add the date of the summit.",
    )
    page = client_as("mu_staff").get(reverse("admin:governance_minutes_change", args=[minutes.pk]))
    html = page.content.decode()
    assert "Add the date of the summit." in html and "Commented" in html


def test_publishing_needs_approval_first(mu_staff):
    minutes = factories.make_minutes(items=1, status="circulated")
    with pytest.raises(GovernanceError, match="Only approved minutes can be published"):
        minutes_services.publish_minutes(minutes=minutes, actor=mu_staff)
    minutes.refresh_from_db()
    assert minutes.status == "circulated" and minutes.published_at is None


def test_minutes_cannot_be_deleted_in_bulk(client_as, db):
    factories.make_minutes(items=1, status="published")
    page = client_as("mu_staff").get(reverse("admin:governance_minutes_changelist"))
    html = page.content.decode()
    assert 'value="publish"' in html
    assert 'value="delete_selected"' not in html
