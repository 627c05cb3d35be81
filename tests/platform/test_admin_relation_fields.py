"""Hub staff stay inside their hub on every field of every admin form they can open.

Hub staff of one region attached a person of another region (an ISC co-chair) as an
official of one of their cities through an inline, then set that person's account to
their own. Every relation choice is now checked on the server against what the acting
user may see, and which account a person is linked to is a Management Unit action.

The walk below opens every admin page a hub staff member may add or change on, reads the
form as a browser would submit it, and posts, field by field, an id from outside the hub
into every foreign-key and many-to-many field (inlines included): each must be refused
as an invalid choice and change nothing. Pages they may only read refuse any POST.
"""

import pytest
from django import forms
from django.contrib import admin
from django.core import mail
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from hubs.models import CapacityGap, NeedsAssessment
from hubs.services.helpdesk import ask_help_desk
from members.errors import MembershipError
from members.models import Official, Person
from members.services import people
from scn_portal.accounts.scoping import ScopedChoicesMixin, choosable
from scn_portal.audit.models import AuditEntry
from tests import factories
from tests.pages import errors_on, read_form
from tests.platform.test_url_matrix import row_counts

pytestmark = pytest.mark.django_db

PORTAL_APPS = {
    "members",
    "governance",
    "hubs",
    "funding",
    "resources",
    "accounts",
    "audit",
    "reminders",
    "reports",
}


def fill_required(form_class, data: dict, prefix: str = "") -> None:
    """Give the empty required text fields of an add form a plausible value."""
    for name, field in form_class.base_fields.items():
        key = f"{prefix}{name}"
        if not field.required or any(data.get(key, [])):
            continue
        if isinstance(field, forms.ModelChoiceField):
            continue  # relation fields are set by the walk
        if isinstance(field, forms.SplitDateTimeField):
            # Later fields later in the day: an end comes after its start.
            hour = 8 + list(form_class.base_fields).index(name) % 12
            if not any(data.get(f"{key}_0", [])):
                data[f"{key}_0"], data[f"{key}_1"] = ["2031-01-01"], [f"{hour:02d}:00"]
        elif isinstance(field, forms.EmailField):
            data[key] = ["walk@example.org"]
        elif isinstance(field, forms.ChoiceField):
            data[key] = [next(str(v) for v, _label in field.choices if v != "")]
        elif isinstance(field, forms.CharField):
            data[key] = ["Walk"]


def relation_fields(model_admin, request, obj):
    """(form key prefix, field name, related model, form class, the rows the field offers)
    for each relation field of the page: the admin form's and each inline's (first form)."""
    form_class = model_admin.get_form(request, obj)
    out = []
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField):
            out.append(("", name, field.queryset.model, form_class, field.queryset))
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        for name, field in formset.form.base_fields.items():
            if isinstance(field, forms.ModelChoiceField) and name != inline.fk_name:
                if name == "id" or field.queryset.model is model_admin.model:
                    continue
                out.append(
                    (f"{prefix}-0-", name, field.queryset.model, formset.form, field.queryset)
                )
    return out


@pytest.fixture
def world(
    rabat,
    oslo,
    the_hague,
    official_of_rabat,
    official_of_other_city,
    isc_member,
    hub_staff_mena,
    mu_staff,
):
    # Something of every kind in MENA and outside it.
    factories.make_application(
        factories.LocalGovernmentFactory(name="Tétouan", country="MA", region=rabat.region)
    )
    factories.StrategicPriorityFactory()
    # A needs assessment of each hub's city, with a gap (its change page and inline).
    for city in (rabat, oslo):
        assessment = NeedsAssessment.objects.create(local_government=city)
        CapacityGap.objects.create(
            assessment=assessment,
            priority=factories.StrategicPriorityFactory(),
            description="A gap.",
        )
    # An activity of the MENA hub, so its change page (and documents) is walked too.
    factories.ActivityFactory(organiser="hub", hub=hub_staff_mena.hub_assignments.get().hub)
    # A help-desk request of each hub's city: the MENA one's page (its assignee) is walked.
    for city, official in ((rabat, official_of_rabat), (oslo, official_of_other_city)):
        ask_help_desk(city=city, actor=official, category="youth", subject="Q", body="Q?")
    return {"rabat": rabat, "oslo": oslo}


def pages_for(user):
    """Admin pages the user may add or change on: (model admin, object or None)."""
    request = RequestFactory().get("/")
    request.user = user
    for model_admin in admin.site._registry.values():
        if model_admin.has_add_permission(request):
            yield model_admin, None
        sample = model_admin.get_queryset(request).first()
        if sample is not None and model_admin.has_change_permission(request, sample):
            yield model_admin, sample


def test_every_relation_field_refuses_ids_from_outside_the_hub(world, client_as, hub_staff_mena):
    client = client_as("hub_staff_mena")
    request = RequestFactory().get("/")
    request.user = hub_staff_mena
    tried, wrong = [], []
    pages = list(pages_for(hub_staff_mena))
    assert {m.model._meta.model_name for m, _obj in pages} >= {
        "localgovernment",
        "person",
        "needsassessment",
    }
    for model_admin, obj in pages:
        opts = model_admin.model._meta
        if obj is None:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        else:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        baseline = read_form(client.get(url).content.decode())
        for prefix, name, related, form_class, offered in relation_fields(
            model_admin, request, obj
        ):
            # What the user may see of the kind, narrowed further where the form itself
            # offers fewer rows (the people who may take a help-desk request).
            visible = choosable(admin.site, related, request)
            if visible is not None:
                visible = offered.filter(pk__in=visible.values("pk"))
            elif offered.count() < related._default_manager.count():
                visible = offered
            outside = (
                related._default_manager.exclude(pk__in=visible.values("pk")).first()
                if visible is not None
                else None
            )
            if outside is None:
                continue  # every row of this kind is theirs to choose
            key = f"{prefix}{name}"
            data = {k: list(v) for k, v in baseline.items()}
            fill_required(model_admin.get_form(request, obj), data)
            fill_required(form_class, data, prefix)
            if (
                prefix
                and f"{prefix[:-3]}-TOTAL_FORMS" in data
                and data[f"{prefix[:-3]}-TOTAL_FORMS"] == ["0"]
            ):
                data[f"{prefix[:-3]}-TOTAL_FORMS"] = ["1"]
            inside = visible.first()
            if inside is not None:
                # The same form with an id they may choose is accepted (then undone).
                data[key] = [str(inside.pk)]
                with transaction.atomic():
                    accepted = client.post(url, data)
                    transaction.set_rollback(True)
                if accepted.status_code != 302:
                    shown = accepted.context and accepted.context["adminform"].form.errors
                    inlines = accepted.context and [
                        (f.formset.prefix, f.formset.errors, f.formset.non_form_errors())
                        for f in accepted.context["inline_admin_formsets"]
                    ]
                    wrong.append(
                        f"{url} {key}: the form with an id of the hub was not saved: "
                        f"{shown} {inlines}"
                    )
                    continue
            data[key] = [str(outside.pk)]
            before = row_counts()
            response = client.post(url, data)
            tried.append(key)
            if response.status_code != 200 or not errors_on(response, key):
                wrong.append(f"{url} {key}={outside.pk} ({related.__name__}) was not refused")
            if row_counts() != before:
                wrong.append(f"{url} {key}: something changed")
    assert not wrong, "\n".join(wrong)
    assert "officials-0-person" in tried and "officials-0-local_government" in tried
    assert "assigned_to" in tried


def test_pages_hub_staff_may_only_read_refuse_every_post(world, client_as, hub_staff_mena):
    client = client_as("hub_staff_mena")
    request = RequestFactory().get("/")
    request.user = hub_staff_mena
    wrong = []
    for model, model_admin in admin.site._registry.items():
        sample = (
            model_admin.get_queryset(request).first()
            if model_admin.has_view_permission(request)
            else None
        )
        if sample is None or model_admin.has_change_permission(request, sample):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[sample.pk])
        before = row_counts()
        response = client.post(url, read_form(client.get(url).content.decode()))
        if response.status_code != 403 or row_counts() != before:
            wrong.append(f"{url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_every_portal_admin_and_inline_checks_its_choices():
    unchecked = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        for klass in (type(model_admin), *model_admin.inlines):
            if not issubclass(klass, ScopedChoicesMixin):
                unchecked.append(klass.__qualname__)
    assert unchecked == []


# --- The attack as it was found --------------------------------------------------------


def test_hub_staff_cannot_attach_a_person_of_another_region_to_their_city(
    client_as, rabat, isc_member, hub_staff_mena
):
    co_chair = isc_member.person
    client = client_as("hub_staff_mena")
    url = reverse("admin:members_localgovernment_change", args=[rabat.pk])
    data = read_form(client.get(url).content.decode())
    data.update(
        {
            "officials-TOTAL_FORMS": ["1"],
            "officials-0-person": [str(co_chair.pk)],
            "officials-0-role": ["staff"],
            "officials-0-is_active": ["on"],
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert errors_on(response, "officials-0-person")
    assert not Official.objects.filter(person=co_chair, local_government=rabat).exists()


def test_nobody_sets_a_persons_account_by_editing_the_person(
    client_as, official_of_rabat, hub_staff_mena, mu_staff
):
    person = official_of_rabat.person
    for persona, user in (("hub_staff_mena", hub_staff_mena), ("mu_staff", mu_staff)):
        client = client_as(persona)
        url = reverse("admin:members_person_change", args=[person.pk])
        data = read_form(client.get(url).content.decode())
        data["user"] = [str(user.pk)]
        client.post(url, data)
        person.refresh_from_db()
        assert person.user == official_of_rabat


def test_management_unit_staff_link_a_person_to_another_account_and_the_person_is_told(
    client_as, official_of_rabat, mu_staff, django_capture_on_commit_callbacks
):
    person = official_of_rabat.person
    new_account = factories.UserFactory(email="new.address@rabat.example.org", language="fr")
    url = reverse("admin:members_person_account", args=[person.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("mu_staff").post(url, {"user": new_account.pk})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == new_account
    told = sorted(address for m in mail.outbox for address in m.to)
    assert told == sorted({official_of_rabat.email, new_account.email, person.email})
    french = next(m for m in mail.outbox if m.to == [new_account.email])
    assert "compte" in french.subject
    entry = AuditEntry.objects.filter(
        content_type__model="person", object_id=str(person.pk)
    ).first()
    assert entry.actor == mu_staff
    assert entry.changes["user_id"] == [official_of_rabat.pk, new_account.pk]


def test_linking_is_refused_to_hub_staff_and_to_staff_without_the_permission(
    client_as, official_of_rabat, hub_staff_mena
):
    person = official_of_rabat.person
    url = reverse("admin:members_person_account", args=[person.pk])

    response = client_as("hub_staff_mena").post(url, {"user": hub_staff_mena.pk})

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.user == official_of_rabat
    with pytest.raises(MembershipError):
        people.link_person_to_account(person=person, user=hub_staff_mena, actor=hub_staff_mena)


def test_an_account_already_linked_elsewhere_and_ones_own_account_are_refused(
    client_as, official_of_rabat, official_of_other_city, mu_staff
):
    person = official_of_rabat.person
    url = reverse("admin:members_person_account", args=[person.pk])
    client = client_as("mu_staff")

    taken = client.post(url, {"user": official_of_other_city.pk})
    own = client.post(url, {"user": mu_staff.pk})

    assert taken.status_code == own.status_code == 400
    assert "already linked" in taken.content.decode()
    assert Person.objects.get(pk=person.pk).user == official_of_rabat
