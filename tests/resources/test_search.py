"""Finding resources: stemmed full-text search in four languages on PostgreSQL (a GIN
index per language, ranked, title first), matching parts of words on SQLite; filters
with their counts; any query answers."""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resources.errors import ResourceError
from resources.filters import ResourceFilter
from resources.models import Resource
from resources.services import resources as services
from resources.services.search import refresh_search_vectors
from tests import factories

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="stemming and GIN indexes need PostgreSQL"
)


def found(words: str, **filters) -> list[str]:
    data = {"q": words, **filters}
    filterset = ResourceFilter(data, queryset=Resource.objects.public())
    assert filterset.is_valid(), filterset.errors
    return [r.title for r in filterset.qs]


def test_a_title_match_ranks_above_a_text_match():
    factories.make_resource(title="Municipal guide", body="How youth councils work.")
    factories.make_resource(title="Youth councils", body="A guide.")
    assert found("youth") == ["Youth councils", "Municipal guide"]


def test_nothing_but_public_published_resources_is_found(client):
    factories.make_resource(title="Youth draft", status="draft")
    factories.make_resource(title="Youth staff", visibility="staff")
    factories.make_resource(title="Youth public")
    page = client.get(reverse("resources:list") + "?q=youth").content.decode()
    assert "Youth public" in page and "Youth draft" not in page and "Youth staff" not in page


@needs_postgresql
def test_an_inflected_arabic_word_finds_its_other_forms():
    # «المدن» (the cities) is found by «مدينة» (a city)? Stemming maps both forms of
    # «الشباب»/«شباب» and «مجالس»/«المجالس» together.
    factories.make_resource(title_en="Councils", title_ar="المجالس البلدية للشباب")
    factories.make_resource(title_en="Other", title_ar="دليل التدريب")
    assert found("مجالس") == ["Councils"]
    assert found("شباب") == ["Councils"]


@needs_postgresql
def test_a_french_word_finds_its_plural_and_other_forms():
    factories.make_resource(title_en="Prevention", title_fr="Les politiques locales de prévention")
    assert found("politique locale") == ["Prevention"]


@needs_postgresql
def test_the_search_uses_the_gin_index():
    from resources.models import Resource as Model

    Model.objects.bulk_create(
        Model(
            title=f"Guide {n}",
            title_en=f"Guide {n}",
            title_ar=f"دليل رقم {n}" if n % 500 == 0 else f"كتاب {n}",
            kind="toolkit",
            visibility="public",
            status="published",
        )
        for n in range(3000)
    )
    refresh_search_vectors()
    queryset = ResourceFilter({"q": "دليل"}, queryset=Resource.objects.public()).qs
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE resources_resource")
        # A table this small is cheaper to read whole; the plan for a large one is asked.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "resource_search_ar_gin" in plan, plan
    assert len(queryset) == 6


@needs_postgresql
def test_changing_a_resource_in_the_admin_refreshes_its_vector(client_as, mu_staff):
    resource = factories.make_resource(title="Old words")
    resource.title = "Fresh words"
    services.save_resource(resource=resource, actor=mu_staff)
    assert found("fresh") == ["Fresh words"]
    assert found("old") == []


@pytest.mark.parametrize(
    "words",
    ["'", '"', "\\", "&|!():*", "<script>", "a" * 200, "مدينة & !", "OR AND NOT", "-", "%_"],
)
def test_any_query_answers(client, words):
    factories.make_resource(title="Anything")
    response = client.get(reverse("resources:list"), {"q": words})
    assert response.status_code == 200


def test_each_filter_value_shows_how_many_resources_carry_it(client):
    factories.make_resource(kind="toolkit", languages=["ar", "fr"])
    factories.make_resource(kind="toolkit", languages=["fr"])
    factories.make_resource(kind="policy", languages=["en"])
    page = client.get(reverse("resources:list")).content.decode()
    assert "Toolkit or guide (2)" in page
    assert "Local policy (1)" in page
    assert "French (2)" in page and "Arabic (1)" in page
    page = client.get(reverse("resources:list") + "?language=ar").content.decode()
    assert "Toolkit or guide (1)" in page and "Local policy (0)" in page


def test_the_search_page_costs_the_same_queries_whatever_the_number_of_resources(
    client, django_assert_max_num_queries
):
    url = reverse("resources:list") + "?q=guide&kind=toolkit"
    factories.make_resource(title="Guide one")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        factories.make_resource(title=f"Guide {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.django_db(transaction=True)
def test_two_staff_publishing_the_same_resource_at_once_publish_it_once(mu_staff):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    resource = factories.make_resource(status="in_review")
    barrier = threading.Barrier(2)
    outcomes = []

    def publish():
        try:
            barrier.wait()
            services.publish_resource(resource=resource, actor=mu_staff)
            outcomes.append("published")
        except ResourceError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["published", "refused"]


def test_refreshing_vectors_on_sqlite_does_nothing_and_breaks_nothing():
    resource = factories.make_resource()
    assert refresh_search_vectors(resources=[resource]) in (0, 1)
