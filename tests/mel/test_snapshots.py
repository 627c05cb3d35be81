"""A period's figures are taken once and stay as reported; staff may take them again as a
new revision and see the difference; the drill-down list has exactly as many rows."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from members.models import Membership
from scn_portal.audit.models import AuditEntry
from scn_portal.mel.models import Indicator, Snapshot
from scn_portal.mel.periods import Period
from scn_portal.mel.services import rerun_snapshots, take_snapshots
from scn_portal.mel.tasks import take_period_snapshots
from tests import factories

pytestmark = pytest.mark.django_db
YEAR = Period(2024)


@pytest.fixture
def cities():
    mena = factories.RegionFactory(code="mena", name="MENA")
    europe = factories.RegionFactory(code="europe", name="Europe")
    for name, region in (("Rabat", mena), ("Tunis", mena), ("Oslo", europe)):
        factories.MembershipFactory(
            local_government__name=name,
            local_government__region=region,
            joined_on=datetime.date(2023, 1, 1),
        )
    return {"mena": mena, "europe": europe}


def member_cities() -> Indicator:
    # Seeded by a data migration; a transactional test elsewhere may have emptied the tables.
    return Indicator.objects.get_or_create(
        code="member-cities",
        defaults={
            "name": "Member cities",
            "measure": "members.member_cities",
            "disaggregations": ["region", "hub"],
        },
    )[0]


def figure(period=YEAR, split=""):
    return (
        Snapshot.objects.filter(indicator=member_cities(), period=period.code, disaggregation=split)
        .latest_revisions()
        .get()
    )


def test_the_seeded_indicators_cover_the_network_and_are_translated():
    indicator = member_cities()
    assert indicator.is_computed and indicator.measure == "members.member_cities"
    assert indicator.name_ar == "المدن الأعضاء" and indicator.name_fr == "Villes membres"
    assert Indicator.objects.filter(priority=None).exists()
    assert Indicator.objects.filter(source="recorded").count() >= 5


def test_a_snapshot_counts_the_whole_network_and_each_region(cities):
    take_snapshots(period=YEAR, indicators=[member_cities()])

    assert figure().value == 3
    assert figure(split="region:mena").value == 2
    assert figure(split="region:europe").value == 1
    assert len(figure().record_ids) == 3


def test_past_figures_do_not_change_when_records_change(cities):
    take_snapshots(period=YEAR, indicators=[member_cities()])
    Membership.objects.filter(local_government__name="Oslo").update(
        joined_on=datetime.date(2024, 6, 1)
    )
    factories.MembershipFactory(
        local_government__region=cities["mena"], joined_on=datetime.date(2024, 3, 1)
    )

    again = take_snapshots(period=YEAR, indicators=[member_cities()])

    assert again == []
    assert figure().value == 3
    assert Snapshot.objects.filter(indicator=member_cities(), period="2024").count() == 3


def test_the_beat_task_run_twice_takes_each_figure_once(cities, time_machine):
    time_machine.move_to(datetime.datetime(2025, 2, 1, 3, 0, tzinfo=datetime.UTC))
    first = take_period_snapshots()
    rows = Snapshot.objects.count()

    assert first == rows > 0
    assert take_period_snapshots() == 0
    assert Snapshot.objects.count() == rows
    # 2024's quarters and year are closed; 2025's first quarter is not.
    assert set(Snapshot.objects.values_list("period", flat=True)) >= {"2024", "2024-Q4"}
    assert not Snapshot.objects.filter(period="2025-Q1").exists()


def test_a_rerun_keeps_the_first_figure_and_shows_the_difference(cities, mu_staff):
    take_snapshots(period=YEAR, indicators=[member_cities()])
    newcomer = factories.MembershipFactory(
        local_government__region=cities["europe"], joined_on=datetime.date(2024, 9, 1)
    ).local_government

    differences = rerun_snapshots(
        indicator=member_cities(), period=YEAR, actor=mu_staff, reason="Late record"
    )

    whole = next(d for d in differences if d.disaggregation == "")
    assert (whole.before.value, whole.after.value, whole.change) == (3, 4, 1)
    assert whole.added == [newcomer.pk] and whole.removed == []
    assert figure().revision == 2 and figure().value == 4
    assert (
        Snapshot.objects.get(
            indicator=member_cities(), period="2024", disaggregation="", revision=1
        ).value
        == 3
    )
    assert AuditEntry.objects.filter(event="indicator_snapshot_rerun").exists()


def test_the_drill_down_list_has_as_many_rows_as_the_figure(cities, client_as):
    take_snapshots(period=YEAR, indicators=[member_cities()])
    snapshot = figure()
    # A city joining later does not enter the list "as of the snapshot".
    factories.MembershipFactory(joined_on=datetime.date(2023, 5, 1))

    page = client_as("mu_staff").get(reverse("mel:records", args=[snapshot.pk]))

    assert page.status_code == 200
    assert len(page.context["rows"]) == snapshot.value == 3
    assert page.content.decode().count("<li>") >= 3
    assert "Rabat" in page.content.decode()


def test_staff_rerun_from_the_page_and_others_cannot(cities, client_as):
    take_snapshots(period=YEAR, indicators=[member_cities()])
    snapshot = figure()
    url = reverse("mel:rerun", args=[snapshot.pk])

    for persona in ("hub_staff_mena", "official_of_rabat"):
        refused = client_as(persona).post(url, {"reason": "Try"})
        assert refused.status_code in (302, 404)
    assert Snapshot.objects.filter(revision=2).count() == 0

    empty = client_as("mu_staff").post(url, {"reason": ""})
    assert empty.status_code == 400
    assert Snapshot.objects.filter(revision=2).count() == 0

    factories.MembershipFactory(
        local_government__region=cities["europe"], joined_on=datetime.date(2024, 9, 1)
    )
    done = client_as("mu_staff").post(url, {"reason": "A city was recorded late"}, follow=True)
    assert done.status_code == 200
    assert done.context["snapshot"].revision == 2
    difference = done.context["difference"]
    assert difference.change == len(difference.added) >= 1
    # Every split taken again, the whole network's among them.
    assert Snapshot.objects.filter(revision=2, disaggregation="").count() == 1
    assert Snapshot.objects.filter(revision=2, disaggregation="region:europe").count() == 1
    assert "The earlier ones are kept" in done.content.decode()
    assert "Compared with revision 1" in done.content.decode()


def test_hub_staff_open_their_regions_figures_only(cities, client_as, mena_hub):
    take_snapshots(period=YEAR, indicators=[member_cities()])
    mena = client_as("hub_staff_mena")

    assert (
        mena.get(reverse("mel:records", args=[figure(split="region:mena").pk])).status_code == 200
    )
    for split in ("", "region:europe"):
        assert mena.get(reverse("mel:records", args=[figure(split=split).pk])).status_code == 404
    assert client_as("anonymous").get(reverse("mel:records", args=[figure().pk])).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_reruns_at_once_number_their_revisions_in_turn(cities, mu_staff):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    take_snapshots(period=YEAR, indicators=[member_cities()])
    barrier, errors = threading.Barrier(2), []

    def run():
        try:
            barrier.wait()
            rerun_snapshots(indicator=member_cities(), period=YEAR, actor=mu_staff, reason="x")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    revisions = Snapshot.objects.filter(period="2024", disaggregation="").values_list(
        "revision", flat=True
    )
    assert sorted(revisions) == [1, 2, 3]
