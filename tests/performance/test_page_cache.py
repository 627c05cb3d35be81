"""Public pages are rendered once for every anonymous visitor and served from the cache
until something of the network changes; signed-in people always get their own page."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import Membership
from members.services import cities, memberships
from tests import factories
from tests.members.test_directory import member, url

pytestmark = pytest.mark.django_db

PAGES = [
    ("web:home", {}),
    ("members:directory", {}),
    ("governance:isc_members", {}),
    ("governance:terms_of_reference", {}),
    ("governance:minutes_list", {}),
    ("hubs:hub_list", {}),
    ("hubs:hub", {"slug": "mena"}),
    ("activities:calendar", {}),
    ("funding:transparency", {}),
    ("funding:partners", {}),
    ("resources:list", {}),
    ("mel:glance", {}),
]


def reads(queries) -> list[str]:
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


@pytest.fixture
def network(rabat, mena_hub):
    return rabat


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_second_anonymous_visitor_is_served_without_touching_the_database(
    page_cache, network, name, kwargs
):
    first = Client().get(url(name, **kwargs))
    assert first.status_code == 200
    assert "X-Page-Cache" not in first
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url(name, **kwargs))
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert reads(queries) == []
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_city_profile_is_cached_and_an_unlisted_city_stays_not_found(page_cache, network):
    profile = url("members:city", code=network.code)
    Client().get(profile)
    assert Client().get(profile)["X-Page-Cache"] == "hit"

    hidden = member("Hidden Town", listed=False)
    missing = url("members:city", code=hidden.code)
    assert Client().get(missing).status_code == 404
    assert Client().get(missing).status_code == 404  # a refusal is never stored


def test_each_language_has_its_own_page(page_cache, network):
    english = Client().get(url("members:directory", "en"))
    arabic = Client().get(url("members:directory", "ar"))
    again = Client().get(url("members:directory", "ar"))
    assert 'dir="rtl"' in again.content.decode()
    assert again["X-Page-Cache"] == "hit"
    assert again.content == arabic.content != english.content
    assert again["Content-Language"] == "ar"


def test_filters_and_pages_are_cached_apart(page_cache, network):
    europe = factories.RegionFactory(code="europe", name="Europe")
    member("Oslo", region=europe)
    everyone = Client().get(url("members:directory")).content.decode()
    filtered = Client().get(url("members:directory") + "?region=europe").content.decode()
    assert "Rabat" in everyone and "Oslo" in everyone
    assert "Oslo" in filtered and "Rabat" not in filtered


def test_a_new_member_shows_at_once(page_cache, network):
    before = Client().get(url("members:directory")).content.decode()
    assert "Casablanca" not in before
    member("Casablanca")
    after = Client().get(url("members:directory"))
    assert "X-Page-Cache" not in after
    assert "Casablanca" in after.content.decode()


def test_a_renamed_city_and_a_suspended_member_show_at_once(page_cache, network, mu_staff):
    city = network
    profile = url("members:city", code=city.code)
    Client().get(profile)
    city.name_en = "Rabat-Salé"
    cities.save_city_record(local_government=city, changed=["name_en"], actor=mu_staff)
    assert "Rabat-Salé" in Client().get(profile).content.decode()

    memberships.transition(
        membership=Membership.objects.get(local_government=network),
        to=Membership.Status.SUSPENDED,
        reason="Under review",
        actor=mu_staff,
    )
    assert Client().get(profile).status_code == 404
    assert "Rabat" not in Client().get(url("members:directory")).content.decode()


def test_a_new_hub_activity_and_a_cancelled_one_show_at_once(page_cache, network, mena_hub):
    from hubs.models import Activity

    calendar = url("activities:calendar")
    Client().get(calendar)
    activity = factories.ActivityFactory(
        hub=mena_hub,
        title="Prevention exchange in Amman",
        status=Activity.Status.OPEN,
        visibility=Activity.Visibility.PUBLIC,
    )
    assert "Prevention exchange in Amman" in Client().get(calendar).content.decode()
    activity.status = Activity.Status.CANCELLED
    activity.save()
    assert "Prevention exchange in Amman" not in Client().get(calendar).content.decode()


def test_signed_in_people_get_their_own_page_never_the_cached_one(page_cache, network, client_as):
    Client().get(url("web:home"))
    official = client_as("official_of_rabat").get(url("web:home"))
    assert "X-Page-Cache" not in official
    assert "Sign out" in official.content.decode()
    # And what they saw is not stored for the anonymous visitors who follow.
    anonymous = Client().get(url("web:home"))
    assert "Sign out" not in anonymous.content.decode()
    assert "Sign in" in anonymous.content.decode()


def test_a_visitor_with_a_message_waiting_sees_it(page_cache, network, client_as):
    visitor = client_as("official_of_rabat")
    home = url("web:home")
    Client().get(home)  # stored
    signed_out = visitor.post(url("account_logout"), follow=False)
    assert signed_out.status_code == 302
    page = visitor.get(home)
    assert "X-Page-Cache" not in page
    assert "You have signed out." in page.content.decode()
    # The message shown, the next visit is a stored page again.
    assert visitor.get(home)["X-Page-Cache"] == "hit"


def test_each_visitor_gets_their_own_form_token(page_cache, rf):
    """A stored page with a form carries each visitor's own token, never the first
    visitor's, so every visitor's post is accepted."""
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import _unmask_cipher_token
    from django.template import RequestContext, Template

    from scn_portal.web.page_cache import public_page

    form = Template('<form method="post">{% csrf_token %}</form><p>{{ n }}</p>')
    renders = []

    @public_page
    def view(request):
        renders.append(1)
        return HttpResponse(form.render(RequestContext(request, {"n": len(renders)})))

    def visit():
        request = rf.get("/en/a-page-with-a-form/")
        request.user = AnonymousUser()
        request.session = {}
        response = view(request)
        token = response.content.decode().split('value="')[1].split('"')[0]
        return request, response, token

    first_request, _first, first_token = visit()
    second_request, second, second_token = visit()
    assert len(renders) == 1 and second["X-Page-Cache"] == "hit"
    assert "<p>1</p>" in second.content.decode()
    assert second_token != first_token
    assert "@@scn-form-token@@" not in second.content.decode()
    # Each token is the one the visitor's own cookie will carry.
    assert _unmask_cipher_token(second_token) == second_request.META["CSRF_COOKIE"]
    assert _unmask_cipher_token(first_token) == first_request.META["CSRF_COOKIE"]
    assert second_request.META["CSRF_COOKIE"] != first_request.META["CSRF_COOKIE"]


def test_long_query_strings_are_rendered_not_stored(page_cache, network):
    address = url("members:directory") + "?q=" + "x" * 400
    Client().get(address)
    assert "X-Page-Cache" not in Client().get(address)


def test_the_cache_can_be_turned_off(settings, network):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    Client().get(url("members:directory"))
    assert "X-Page-Cache" not in Client().get(url("members:directory"))


def test_a_charts_csv_served_from_the_cache_is_still_a_named_download(page_cache, network):
    address = url("members:directory") + "?csv=members-by-region"
    first = Client().get(address)
    second = Client().get(address)

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == "text/csv; charset=utf-8"
    assert second["Content-Disposition"] == 'attachment; filename="members-by-region.csv"'
