"""The network's default indicators outside the demo: each indicator of a priority is
linked to the strategic priority of its number as soon as that priority is recorded (by
the migrations, the figures' beat task and the demo), once, and a link staff changed
stands; missing defaults are recreated with their translations, never over staff's edits."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from scn_portal.audit.models import AuditEntry
from scn_portal.mel.defaults import INDICATORS, priority_numbers
from scn_portal.mel.models import Indicator, Target
from scn_portal.mel.services import ensure_default_indicators, link_indicators_to_priorities
from scn_portal.mel.tasks import take_period_snapshots
from tests import factories

pytestmark = pytest.mark.django_db

OF_A_PRIORITY = {
    "city-to-city-exchanges": 1,
    "national-local-dialogues": 2,
    "local-prevention-mechanisms": 3,
    "youth-engagement-activities": 4,
    "mayoral-voice": 5,
}


@pytest.fixture
def defaults():
    """The seeded defaults (a transactional test elsewhere may have emptied them)."""
    ensure_default_indicators()
    return Indicator.objects.in_bulk(field_name="code")


@pytest.fixture
def priorities():
    """The five strategic priorities, recorded by staff after the indicators were seeded."""
    return {
        n: factories.StrategicPriorityFactory(number=n, code=f"p{n}", title=f"Priority {n}")
        for n in range(1, 6)
    }


def linked() -> dict[str, int | None]:
    return dict(Indicator.objects.values_list("code", "priority__number"))


def test_each_default_indicator_of_a_priority_is_linked_to_the_priority_of_its_number(
    defaults, priorities
):
    assert priority_numbers() == OF_A_PRIORITY
    assert all(defaults[code].priority_id is None for code in OF_A_PRIORITY)

    assert link_indicators_to_priorities() == 5

    links = linked()
    for code, number in OF_A_PRIORITY.items():
        assert links[code] == number
    assert links["member-cities"] is None and links["isc-meetings"] is None
    assert link_indicators_to_priorities() == 0
    assert linked() == links


def test_each_link_is_in_the_audit_trail(defaults, priorities):
    link_indicators_to_priorities()

    entries = AuditEntry.objects.filter(event="default_indicators_seeded")
    assert entries.count() == 5


def test_a_priority_not_recorded_yet_leaves_its_indicators_waiting(defaults):
    factories.StrategicPriorityFactory(number=4, code="youth", title="City–youth engagement")

    assert link_indicators_to_priorities() == 1
    assert linked()["youth-engagement-activities"] == 4
    assert linked()["city-to-city-exchanges"] is None

    factories.StrategicPriorityFactory(number=1, code="exchange", title="Exchange")
    assert link_indicators_to_priorities() == 1
    assert linked()["city-to-city-exchanges"] == 1


def test_a_link_staff_changed_stands(defaults, priorities):
    exchanges = defaults["city-to-city-exchanges"]
    exchanges.priority = priorities[2]
    exchanges.save(update_fields=["priority"])

    link_indicators_to_priorities()
    ensure_default_indicators()

    assert linked()["city-to-city-exchanges"] == 2


def test_the_migration_links_the_indicators_of_priorities_already_recorded(defaults, priorities):
    migration = import_module("scn_portal.mel.migrations.0003_link_default_indicators")

    migration.link(apps, None)

    assert {code: linked()[code] for code in OF_A_PRIORITY} == OF_A_PRIORITY


def test_the_figures_beat_task_links_the_priorities_staff_recorded_since(defaults, priorities):
    take_period_snapshots()

    assert linked()["mayoral-voice"] == 5


def test_missing_defaults_are_recreated_translated_and_linked_once(priorities):
    Target.objects.all().delete()
    Indicator.objects.all().delete()

    with translation.override("ar"):
        result = ensure_default_indicators()

    assert result == {"created": len(INDICATORS), "linked": 5}
    member = Indicator.objects.get(code="member-cities")
    assert member.name_en == "Member cities" and member.name_ar == "المدن الأعضاء"
    assert member.name_fr == "Villes membres" and member.name_es == "Ciudades miembro"
    assert member.is_computed and member.measure == "members.member_cities"
    meetings = Indicator.objects.get(code="isc-meetings")
    assert dict(meetings.targets.values_list("year", "value")) == {2025: 2, 2026: 2}
    assert linked()["local-prevention-mechanisms"] == 3
    assert ensure_default_indicators() == {"created": 0, "linked": 0}
    assert Indicator.objects.count() == len(INDICATORS)


def test_what_staff_changed_in_a_default_indicator_stands(defaults):
    member = defaults["member-cities"]
    member.name_en = "Member local governments"
    member.is_active = False
    member.save()

    ensure_default_indicators()

    member.refresh_from_db()
    assert member.name_en == "Member local governments" and not member.is_active


def test_the_dashboard_shows_the_indicators_under_their_priority(defaults, priorities, client_as):
    link_indicators_to_priorities()

    page = client_as("mu_staff").get(reverse("mel:dashboard"))

    titles = {
        str(group["title"]): {figure.indicator.code for figure in group["figures"]}
        for group in page.context["groups"]
    }
    assert "city-to-city-exchanges" in titles[str(priorities[1])]
    assert "mayoral-voice" in titles[str(priorities[5])]
    assert "city-to-city-exchanges" not in titles["The network as a whole"]
