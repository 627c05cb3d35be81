"""Staff cannot raise their own privileges, nor anyone else's, nor set a password.

Management Unit staff could make themselves superuser and open the form that sets any
user's password, the superuser's included. Now only a superuser grants or removes
superuser status, staff status, groups and permissions; nobody changes their own roles;
staff send a reset link instead of setting a password.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hubs.models import HubStaff
from scn_portal.accounts.models import User
from scn_portal.accounts.roles import MANAGEMENT_UNIT_GROUP
from scn_portal.accounts.services import check_role_change
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.pages import read_form

pytestmark = pytest.mark.django_db


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def post_user_form(client, user, **changes):
    data = read_form(client.get(change_url(user)).content.decode())
    for key, value in changes.items():
        data[key] = value if isinstance(value, list) else [value]
    return client.post(change_url(user), data)


def privileges(user) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.is_superuser,
        user.is_staff,
        user.is_active,
        sorted(user.groups.values_list("name", flat=True)),
        user.user_permissions.count(),
    )


def test_management_unit_staff_cannot_make_themselves_superuser(client_as, mu_staff):
    before = privileges(mu_staff)

    post_user_form(client_as("mu_staff"), mu_staff, is_superuser="on", full_name="Still me")

    assert privileges(mu_staff) == before
    assert User.objects.get(pk=mu_staff.pk).full_name == "Still me"


def test_management_unit_staff_cannot_grant_staff_status_or_the_management_unit_group(
    client_as, official_of_rabat
):
    group = Group.objects.get(name=MANAGEMENT_UNIT_GROUP)
    before = privileges(official_of_rabat)

    response = post_user_form(
        client_as("mu_staff"),
        official_of_rabat,
        is_staff="on",
        is_superuser="on",
        groups=[str(group.pk)],
    )

    assert response.status_code == 302
    assert privileges(official_of_rabat) == before


def test_the_form_shows_management_unit_staff_no_privilege_field(client_as, official_of_rabat):
    page = client_as("mu_staff").get(change_url(official_of_rabat)).content.decode()
    for field in ("is_staff", "is_superuser", "groups", "user_permissions"):
        assert f'name="{field}"' not in page


def test_a_superuser_grants_staff_status_and_the_trail_records_it(
    client_as, superuser, official_of_rabat
):
    group = Group.objects.get(name=MANAGEMENT_UNIT_GROUP)

    post_user_form(client_as("superuser"), official_of_rabat, is_staff="on", groups=[str(group.pk)])

    assert privileges(official_of_rabat)[1] is True
    assert MANAGEMENT_UNIT_GROUP in privileges(official_of_rabat)[3]
    entries = AuditEntry.objects.filter(
        content_type__model="user", object_id=str(official_of_rabat.pk), actor=superuser
    )
    assert any("is_staff" in e.changes for e in entries)


def test_nobody_changes_their_own_roles_not_even_a_superuser(client_as, superuser):
    before = privileges(superuser)

    post_user_form(client_as("superuser"), superuser, is_superuser=[], is_active=[])

    assert privileges(superuser) == before


def test_the_rule_holds_in_the_service_whatever_the_form(mu_staff, superuser, official_of_rabat):
    with pytest.raises(PermissionDenied):
        check_role_change(user=official_of_rabat, actor=mu_staff, changed={"is_staff"})
    with pytest.raises(PermissionDenied):
        check_role_change(user=mu_staff, actor=mu_staff, changed={"groups"})
    with pytest.raises(PermissionDenied):
        check_role_change(user=superuser, actor=superuser, changed={"is_superuser"})
    check_role_change(user=official_of_rabat, actor=superuser, changed={"is_staff"})
    check_role_change(user=official_of_rabat, actor=mu_staff, changed={"full_name"})


def test_management_unit_staff_cannot_change_a_superusers_account(client_as, superuser):
    response = post_user_form(client_as("mu_staff"), superuser, full_name="Taken over")

    assert response.status_code == 403
    assert User.objects.get(pk=superuser.pk).full_name != "Taken over"


@pytest.mark.parametrize("persona", ["mu_staff", "superuser"])
def test_staff_never_open_the_form_that_sets_a_password(client_as, persona, superuser, mu_staff):
    client = client_as(persona)
    for user in (superuser, mu_staff):
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        response = client.post(url, {"password1": "n3w-Password!", "password2": "n3w-Password!"})
        assert response.status_code == 404
        assert client.get(url).status_code == 404
    assert User.objects.get(pk=superuser.pk).check_password(factories.PASSWORD)


def test_staff_send_a_reset_link_instead(client_as, official_of_rabat):
    response = client_as("mu_staff").post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "send_password_reset_link",
            ACTION_CHECKBOX_NAME: [official_of_rabat.pk],
            "index": 0,
        },
    )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[official_of_rabat.email]]
    assert "/password/reset/key/" in mail.outbox[0].body
    assert User.objects.get(pk=official_of_rabat.pk).check_password(factories.PASSWORD)


def test_an_account_staff_create_gets_no_password_but_a_link_to_choose_one(client_as):
    response = client_as("mu_staff").post(
        reverse("admin:accounts_user_add"),
        {"email": "New.Person@Example.org", "full_name": "New Person", "language": "fr"},
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert not user.is_staff
    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]


def test_groups_are_a_superusers_to_change(client_as):
    group = Group.objects.get(name=MANAGEMENT_UNIT_GROUP)
    before = group.permissions.count()
    url = reverse("admin:auth_group_change", args=[group.pk])

    response = client_as("mu_staff").post(url, {"name": "Management Unit", "permissions": []})

    assert response.status_code == 403
    assert Group.objects.get(pk=group.pk).permissions.count() == before
    assert client_as("mu_staff").get(reverse("admin:auth_group_add")).status_code == 403


def test_nobody_assigns_themselves_to_a_hub(client_as, mu_staff, mena_hub):
    url = reverse("admin:hubs_hub_change", args=[mena_hub.pk])
    client = client_as("mu_staff")
    data = read_form(client.get(url).content.decode())
    data.update(
        {
            "staff-TOTAL_FORMS": [str(int(data["staff-TOTAL_FORMS"][0]) + 1)],
            f"staff-{data['staff-TOTAL_FORMS'][0]}-user": [str(mu_staff.pk)],
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Nobody assigns themselves to a hub" in response.content.decode()
    assert not HubStaff.objects.filter(user=mu_staff).exists()
