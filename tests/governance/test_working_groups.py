"""Working groups: public pages, requests to join from the portal, convenors' answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance.errors import GovernanceError
from governance.models import WorkingGroup, WorkingGroupMembership
from governance.services import groups as group_services
from members.models import Official
from tests import factories

REQUESTED = WorkingGroupMembership.Status.REQUESTED
ACCEPTED = WorkingGroupMembership.Status.ACCEPTED
DECLINED = WorkingGroupMembership.Status.DECLINED


@pytest.fixture
def group(db):
    """An active group on youth engagement, convened by someone who acts for no city."""
    priority = factories.StrategicPriorityFactory(
        number=4, code="youth", title="City–youth engagement"
    )
    group = factories.WorkingGroupFactory(
        topic="Youth councils",
        description="How cities give young people a voice.",
        description_fr="Comment les villes donnent la parole aux jeunes.",
    )
    group.priorities.add(priority)
    return group


@pytest.fixture
def convenor(group):
    return factories.make_convenor(group, email="convenor@example.org", full_name="Amina Convenor")


def url(name, group):
    return reverse(f"governance:{name}", kwargs={"code": group.code})


def person_of(user):
    return user.person


def ask(client, group, city):
    return client.post(url("join_working_group", group), {"city": str(city.code)})


def member_row(group, person, city, status=ACCEPTED):
    return WorkingGroupMembership.objects.create(
        group=group, person=person, local_government=city, status=status
    )


# --- Public pages --------------------------------------------------------------------------


def test_the_public_sees_topic_priorities_convenors_and_members_with_their_cities(
    client_as, group, convenor, rabat
):
    non_member = factories.LocalGovernmentFactory(name="Springfield")
    member_row(group, factories.PersonFactory(full_name="Karim Rabat"), rabat)
    member_row(group, factories.PersonFactory(full_name="Lisa Springfield"), non_member)
    member_row(group, factories.PersonFactory(full_name="Omar Pending"), rabat, status=REQUESTED)

    page = client_as("anonymous").get(url("working_group", group))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Youth councils" in html and "How cities give young people a voice." in html
    assert "City–youth engagement" in html
    assert "Amina Convenor" in html
    assert "Karim Rabat" in html and "Rabat" in html and "Member city" in html
    assert "Lisa Springfield" in html and "Springfield" in html and "Not a member city" in html
    assert "Omar Pending" not in html  # a request is not a membership


def test_the_description_is_shown_in_the_page_language(client_as, group):
    with translation.override("fr"):
        page = client_as("anonymous").get(url("working_group", group))
    assert "Comment les villes donnent la parole aux jeunes." in page.content.decode()


def test_a_member_from_an_unlisted_city_is_shown_only_to_convenors_and_staff(
    client_as, group, convenor, official_of_rabat
):
    hidden_city = factories.LocalGovernmentFactory(name="Quietville", publicly_listed=False)
    member_row(group, factories.PersonFactory(full_name="Hidden Practitioner"), hidden_city)

    assert (
        "Quietville" not in client_as("anonymous").get(url("working_group", group)).content.decode()
    )
    listing = client_as("anonymous").get(reverse("governance:working_groups")).content.decode()
    assert "Quietville" not in listing
    convenor_client = client_as("anonymous")
    convenor_client.force_login(convenor)
    assert (
        "Hidden Practitioner" in convenor_client.get(url("working_group", group)).content.decode()
    )
    assert (
        "Hidden Practitioner"
        in client_as("mu_staff").get(url("working_group", group)).content.decode()
    )


def test_the_list_shows_every_group_with_its_status(client_as, group):
    factories.WorkingGroupFactory(topic="Online hate", status=WorkingGroup.Status.CLOSED)

    page = client_as("anonymous").get(reverse("governance:working_groups"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Youth councils" in html and "Online hate" in html and "Closed" in html
    assert html.index("Youth councils") < html.index("Online hate")  # closed groups last


# --- Asking to join --------------------------------------------------------------------------


def test_an_official_asks_to_join_and_a_convenor_accepts(
    client_as, group, convenor, official_of_rabat, rabat
):
    official = client_as("official_of_rabat")
    assert 'name="city"' in official.get(url("working_group", group)).content.decode()

    response = ask(official, group, rabat)

    assert response.status_code == 302
    request = WorkingGroupMembership.objects.get(group=group)
    assert request.status == REQUESTED
    assert request.person == person_of(official_of_rabat)
    assert request.local_government == rabat
    assert "The convenors will answer" in official.get(url("working_group", group)).content.decode()

    convenor_client = client_as("anonymous")
    convenor_client.force_login(convenor)
    pending_page = convenor_client.get(url("working_group_requests", group))
    assert pending_page.status_code == 200
    assert official_of_rabat.full_name in pending_page.content.decode()

    answer = convenor_client.post(
        url("working_group_requests", group), {"request": request.pk, "decision": "accept"}
    )

    assert answer.status_code == 302
    request.refresh_from_db()
    assert request.status == ACCEPTED
    assert request.decided_by == convenor and request.decided_at is not None
    public = client_as("anonymous").get(url("working_group", group)).content.decode()
    assert official_of_rabat.full_name in public


def test_a_convenor_declines_a_request(client_as, group, convenor, official_of_rabat, rabat):
    request = group_services.ask_to_join_working_group(
        group=group, local_government=rabat, actor=official_of_rabat
    )
    convenor_client = client_as("anonymous")
    convenor_client.force_login(convenor)

    convenor_client.post(
        url("working_group_requests", group), {"request": request.pk, "decision": "decline"}
    )

    request.refresh_from_db()
    assert request.status == DECLINED and request.decided_by == convenor


@pytest.mark.parametrize("persona", ["official_of_other_city", "expert", "isc_member"])
def test_someone_who_does_not_convene_the_group_cannot_answer_requests(
    client_as, group, convenor, official_of_rabat, rabat, persona
):
    request = group_services.ask_to_join_working_group(
        group=group, local_government=rabat, actor=official_of_rabat
    )
    other = client_as(persona)

    assert other.get(url("working_group_requests", group)).status_code == 404
    response = other.post(
        url("working_group_requests", group), {"request": request.pk, "decision": "accept"}
    )

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == REQUESTED and request.decided_by is None
    with pytest.raises(GovernanceError):
        group_services.accept_join_request(membership=request, actor=other.user)
    request.refresh_from_db()
    assert request.status == REQUESTED


def test_a_convenor_of_another_group_cannot_answer_this_groups_requests(
    client_as, group, official_of_rabat, rabat
):
    other_group = factories.WorkingGroupFactory(topic="Other")
    other_convenor = factories.make_convenor(other_group)
    request = group_services.ask_to_join_working_group(
        group=group, local_government=rabat, actor=official_of_rabat
    )
    client = client_as("anonymous")
    client.force_login(other_convenor)

    # Posting this group's request through the other group's page finds nothing either.
    response = client.post(
        url("working_group_requests", other_group), {"request": request.pk, "decision": "accept"}
    )

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == REQUESTED


def test_an_official_cannot_ask_to_join_for_a_city_they_do_not_act_for(
    client_as, group, official_of_rabat, oslo
):
    response = ask(client_as("official_of_rabat"), group, oslo)

    assert response.status_code == 400
    assert "Choose one of the cities you act for." in response.content.decode()
    assert not WorkingGroupMembership.objects.exists()
    with pytest.raises(GovernanceError) as refused:
        group_services.ask_to_join_working_group(
            group=group, local_government=oslo, actor=official_of_rabat
        )
    assert refused.value.code == "not_official"
    assert not WorkingGroupMembership.objects.exists()


def test_an_official_whose_link_to_the_city_ended_cannot_ask_for_it(
    client_as, group, official_of_rabat, rabat
):
    Official.objects.filter(person__user=official_of_rabat).update(is_active=False)

    response = ask(client_as("official_of_rabat"), group, rabat)

    assert response.status_code == 400
    assert not WorkingGroupMembership.objects.exists()


def test_an_official_of_several_cities_chooses_the_city(client_as, group, official_of_rabat, oslo):
    factories.OfficialFactory(person=official_of_rabat.person, local_government=oslo)

    ask(client_as("official_of_rabat"), group, oslo)

    assert WorkingGroupMembership.objects.get(group=group).local_government == oslo


def test_a_closed_group_refuses_new_requests(client_as, group, official_of_rabat, rabat):
    group.status = WorkingGroup.Status.CLOSED
    group.save()
    official = client_as("official_of_rabat")
    page = official.get(url("working_group", group)).content.decode()
    assert "This working group is closed" in page and 'name="city"' not in page

    response = ask(official, group, rabat)

    assert response.status_code == 400
    assert "This working group is closed: it takes no new members." in response.content.decode()
    assert not WorkingGroupMembership.objects.exists()


def test_a_pending_request_or_a_membership_is_not_asked_twice(
    client_as, group, official_of_rabat, rabat
):
    official = client_as("official_of_rabat")
    ask(official, group, rabat)

    again = ask(official, group, rabat)

    assert again.status_code == 400
    assert "You have already asked to join this working group" in again.content.decode()
    assert WorkingGroupMembership.objects.count() == 1

    WorkingGroupMembership.objects.update(status=ACCEPTED)
    member = ask(official, group, rabat)
    assert "You are already a member of this working group." in member.content.decode()
    assert WorkingGroupMembership.objects.get().status == ACCEPTED


def test_someone_declined_may_ask_again(client_as, group, convenor, official_of_rabat, rabat):
    request = group_services.ask_to_join_working_group(
        group=group, local_government=rabat, actor=official_of_rabat
    )
    group_services.decline_join_request(membership=request, actor=convenor)

    ask(client_as("official_of_rabat"), group, rabat)

    request.refresh_from_db()
    assert request.status == REQUESTED and request.decided_by is None


def test_a_request_is_not_answered_twice(group, convenor, mu_staff, official_of_rabat, rabat):
    request = group_services.ask_to_join_working_group(
        group=group, local_government=rabat, actor=official_of_rabat
    )
    group_services.decline_join_request(membership=request, actor=convenor)

    with pytest.raises(GovernanceError) as refused:
        group_services.accept_join_request(membership=request, actor=mu_staff)

    assert refused.value.code == "not_pending"
    request.refresh_from_db()
    assert request.status == DECLINED and request.decided_by == convenor


def test_the_public_cannot_ask_to_join(client_as, group, rabat):
    response = ask(client_as("anonymous"), group, rabat)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not WorkingGroupMembership.objects.exists()


def test_asking_to_join_needs_a_post(client_as, group, official_of_rabat, rabat):
    response = client_as("official_of_rabat").get(
        url("join_working_group", group), {"city": str(rabat.code)}
    )
    assert response.status_code == 405
    assert not WorkingGroupMembership.objects.exists()


# --- The admin -------------------------------------------------------------------------------


def test_staff_accept_requests_with_the_admin_action(client_as, group, official_of_rabat, rabat):
    request = group_services.ask_to_join_working_group(
        group=group, local_government=rabat, actor=official_of_rabat
    )
    staff = client_as("mu_staff")

    response = staff.post(
        reverse("admin:governance_workinggroupmembership_changelist"),
        {"action": "accept_requests", "_selected_action": [request.pk]},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ACCEPTED and request.decided_by == staff.user


def test_the_admin_edits_a_group_with_its_members_in_every_language(client_as, group, rabat):
    member_row(group, factories.PersonFactory(full_name="Karim Rabat"), rabat)

    page = client_as("mu_staff").get(
        reverse("admin:governance_workinggroup_change", args=[group.pk])
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="description_ar"' in html and 'name="topic_fr"' in html
    assert "Karim Rabat" in html  # the members inline


# --- Query counts ----------------------------------------------------------------------------


def _populate(count: int, region):
    for _ in range(count):
        group = factories.WorkingGroupFactory()
        group.priorities.add(factories.StrategicPriorityFactory())
        group.convenors.add(factories.PersonFactory())
        city = factories.LocalGovernmentFactory(region=region)
        member_row(group, factories.PersonFactory(), city)
        member_row(group, factories.PersonFactory(), city, status=REQUESTED)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["anonymous", "mu_staff", "official_of_rabat"])
def test_the_list_of_groups_costs_the_same_queries_for_two_or_twelve_groups(client_as, persona):
    client = client_as(persona)
    region = factories.RegionFactory()
    path = reverse("governance:working_groups")
    _populate(2, region)
    few = _queries(client, path)
    _populate(10, region)
    many = _queries(client, path)
    assert few == many
    assert many <= 12


def test_a_groups_page_costs_the_same_queries_for_two_or_twelve_members(
    client_as, group, official_of_rabat
):
    client = client_as("official_of_rabat")
    city = factories.LocalGovernmentFactory()
    for _ in range(2):
        member_row(group, factories.PersonFactory(), city)
    few = _queries(client, url("working_group", group))
    for _ in range(10):
        member_row(group, factories.PersonFactory(), factories.LocalGovernmentFactory())
    many = _queries(client, url("working_group", group))
    assert few == many


def test_a_groups_meetings_are_shown_on_its_page(client, db):
    import datetime as dt

    from governance.models import WorkingGroupMeeting

    group = factories.WorkingGroupFactory()
    WorkingGroupMeeting.objects.create(
        group=group,
        title="Kick-off on youth councils",
        starts_at=dt.datetime(2026, 4, 2, 10, tzinfo=dt.UTC),
        time_zone="Europe/Oslo",
        format="virtual",
        summary="Five cities shared their youth council charters.",
    )
    page = client.get(reverse("governance:working_group", kwargs={"code": group.code}))
    text = page.content.decode()
    assert "Kick-off on youth councils" in text and "youth council charters" in text


def test_an_engagement_for_a_city_without_the_city_is_refused_by_the_database(db):
    import datetime as dt

    from django.db import IntegrityError, transaction

    from governance.models import ExpertEngagement

    expert = factories.make_expert().person.expert
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertEngagement.objects.create(
            expert=expert, kind="advice", engaged_for="city", starts_on=dt.date(2026, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertEngagement.objects.create(
            expert=expert,
            kind="advice",
            engaged_for="isc",
            starts_on=dt.date(2026, 1, 2),
            ends_on=dt.date(2026, 1, 1),
        )
