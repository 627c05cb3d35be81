"""A person's model permissions are kept by the process between pages, and any change of
groups or permissions counts on the very next page."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scn_portal.accounts.roles import MANAGEMENT_UNIT_GROUP

pytestmark = pytest.mark.django_db

LIST = "admin:members_membership_changelist"


@pytest.fixture(autouse=True)
def _kept(settings):
    from scn_portal.accounts import permissions

    settings.PERMISSIONS_CACHE_SECONDS = 60
    permissions._kept.clear()


def permission_queries(client, name=LIST) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    return response.status_code, len([q for q in captured if "auth_permission" in q["sql"]])


def test_the_next_page_asks_no_permissions_again(client_as):
    staff = client_as("mu_staff")
    assert permission_queries(staff) == (200, 2)
    assert permission_queries(staff) == (200, 0)


def test_leaving_the_management_unit_counts_on_the_next_page(client_as, mu_staff):
    staff = client_as("mu_staff")
    assert permission_queries(staff)[0] == 200
    mu_staff.groups.remove(Group.objects.get(name=MANAGEMENT_UNIT_GROUP))
    status, _asked = permission_queries(staff)
    assert status in (302, 403)


def test_a_permission_taken_from_the_group_counts_on_the_next_page(client_as):
    staff = client_as("mu_staff")
    assert permission_queries(staff)[0] == 200
    group = Group.objects.get(name=MANAGEMENT_UNIT_GROUP)
    memberships = Permission.objects.filter(
        content_type__app_label="members", codename__endswith="membership"
    )
    group.permissions.remove(*memberships)
    status, asked = permission_queries(staff)
    assert status == 403
    assert asked == 2  # asked again, not read from what the process kept


def test_a_deactivated_person_holds_no_permission(mu_staff):
    mu_staff.get_all_permissions()  # kept
    mu_staff.is_active = False
    mu_staff.save(update_fields=["is_active"])
    fresh = type(mu_staff).objects.get(pk=mu_staff.pk)
    assert not fresh.has_perm("members.view_membership")
    assert fresh.get_all_permissions() == set()
