"""Finding resources beyond the words: the hub's front page (newest and most viewed), the
filters by theme and by the language a resource exists in, the order, and the related
resources on each resource's page — only ever what the reader may see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from resources.models import Theme
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def listing(client, key="resources", **query) -> list[str]:
    response = client.get(reverse("resources:list"), query)
    assert response.status_code == 200
    assert response.context["filter"].form.errors == {}
    return [resource.title for resource in response.context.get(key) or []]


def test_the_front_page_shows_the_newest_and_the_most_viewed_readable_resources(client):
    factories.make_resource(title="Read by many", published_on=days_ago(400), views=900)
    factories.make_resource(title="Fresh guide", published_on=TODAY, views=1)
    factories.make_resource(title="Members' guide", visibility="members", views=5000)
    factories.make_resource(title="Draft guide", status="draft", views=7000)

    response = client.get(reverse("resources:list"))

    assert [r.title for r in response.context["newest"]] == ["Fresh guide", "Read by many"]
    assert [r.title for r in response.context["most_viewed"]] == ["Read by many", "Fresh guide"]
    html = response.content.decode()
    assert "Newest" in html and "Most viewed" in html
    assert "Members&#x27; guide" not in html and "Draft guide" not in html
    # Once the visitor filters, the front page gives way to the results.
    assert listing(client, key="newest", kind="toolkit") == []


def test_the_list_is_ordered_newest_first_or_most_viewed_first(client):
    factories.make_resource(title="Older and read", published_on=days_ago(30), views=50)
    factories.make_resource(title="Newer", published_on=days_ago(1), views=5)

    assert listing(client, sort="newest") == ["Newer", "Older and read"]
    assert listing(client, sort="views") == ["Older and read", "Newer"]


def test_the_theme_and_language_filters_narrow_the_list_and_count_their_values(client):
    housing, _ = Theme.objects.get_or_create(code="test-housing", defaults={"name": "Housing"})
    in_arabic = factories.make_resource(title="In Arabic and French", languages=["ar", "fr"])
    in_arabic.themes.add(housing)
    factories.make_resource(title="In Spanish", languages=["es"])

    assert listing(client, theme="test-housing") == ["In Arabic and French"]
    assert listing(client, language="ar") == ["In Arabic and French"]
    assert listing(client, language="es") == ["In Spanish"]
    assert listing(client, language="ar", theme="test-housing") == ["In Arabic and French"]
    response = client.get(reverse("resources:list"))
    language = dict(response.context["filter"].form.fields["language"].choices)
    assert language["ar"].endswith("(1)") and language["en"].endswith("(0)")
    assert "Housing (1)" in response.content.decode()


def test_a_resource_page_lists_readable_resources_sharing_a_priority_or_theme(client_as):
    youth = factories.StrategicPriorityFactory(code="youth")
    housing, _ = Theme.objects.get_or_create(code="test-housing", defaults={"name": "Housing"})
    guide = factories.make_resource(title="Youth councils guide")
    guide.priorities.add(youth)
    guide.themes.add(housing)
    factories.make_resource(title="Youth forum toolkit", published_on=days_ago(3)).priorities.add(
        youth
    )
    factories.make_resource(title="Housing study", published_on=days_ago(5)).themes.add(housing)
    factories.make_resource(title="Staff note on youth", visibility="staff").priorities.add(youth)
    factories.make_resource(title="Draft on youth", status="draft").priorities.add(youth)
    factories.make_resource(title="Unrelated toolkit")

    def related(persona):
        response = client_as(persona).get(guide.get_absolute_url())
        assert response.status_code == 200
        return [r.title for r in response.context["related"]]

    assert related("anonymous") == ["Youth forum toolkit", "Housing study"]
    assert related("mu_staff") == ["Staff note on youth", "Youth forum toolkit", "Housing study"]
    page = client_as("anonymous").get(guide.get_absolute_url()).content.decode()
    assert "Related resources" in page and "Staff note on youth" not in page
