"""PostgreSQL reads the directory's pages and name search from indexes, never by scanning
every city (the plans are checked with the alternatives priced out, so a small test table cannot
hide a missing index, or one whose expression the query does not match)."""

import pytest
from django.db import connection
from django.utils import translation

from members.filters import DirectoryFilter
from members.models import LocalGovernment, Membership
from members.selectors import directory
from tests.members.test_directory import member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the indexes and their plans are PostgreSQL's")


def plan(queryset, *off: str) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", *off):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def crowd(count: int) -> None:
    """``count`` listed members whose names match no search of these tests."""
    cities = LocalGovernment.objects.bulk_create(
        LocalGovernment(name_en=f"Town {n:05d}", name_ar=f"بلدة {n:05d}", country="NL")
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(local_government=city, status=Membership.Status.MEMBER) for city in cities
    )


def analyze() -> None:
    """Statistics as a production database has them (a GIN index's come from VACUUM)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE members_localgovernment")
        cursor.execute("VACUUM ANALYZE members_membership")


@pytest.mark.parametrize("language", ["en", "ar", "fr", "es"])
def test_a_directory_page_is_read_in_order_from_the_index(language):
    member("Rabat", name_ar="الرباط")
    with translation.override(language):
        page = directory.in_display_order(directory.listed_cities())[:24]
        text = plan(page, "enable_sort")
    assert f"lg_directory_order_{language}" in text
    assert "Seq Scan on members_localgovernment" not in text


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
@pytest.mark.parametrize("query", ["rab", "الرب"])
def test_the_name_search_uses_the_trigram_indexes(rf, query):
    crowd(3000)
    member("Rabat", name_ar="الرباط")
    analyze()
    filterset = DirectoryFilter(
        {"q": query}, queryset=directory.listed_cities(), request=rf.get("/")
    )
    assert filterset.is_valid()
    text = plan(filterset.qs)
    assert "lg_name_en_trgm" in text and "lg_name_ar_trgm" in text, text
    assert "Seq Scan on members_localgovernment" not in text


# --- Admin lists and the work queue -------------------------------------------------------


def admin_page(rf, user, model, params: str = ""):
    """The rows of the first page of ``model``'s admin list, as ``user`` opens it."""
    from django.contrib import admin

    model_admin = admin.site._registry[model]
    request = rf.get("/?" + params)
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    return changelist.queryset[: changelist.list_per_page]


@pytest.mark.parametrize(
    ("app_label", "model_name", "index", "table"),
    [
        ("resources", "resource", "resource_latest_first", "resources_resource"),
        ("funding", "contribution", "contribution_latest_first", "funding_contribution"),
        ("funding", "fundapplication", "fund_application_latest", "funding_fundapplication"),
        ("members", "application", "membership_open_applications", "members_membership"),
        (
            "reminders",
            "reminderdelivery",
            "reminder_delivery_by_time",
            "reminders_reminderdelivery",
        ),
    ],
)
def test_a_busy_admin_list_reads_its_first_page_in_order_from_an_index(
    rf, mu_staff, app_label, model_name, index, table
):
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    text = plan(admin_page(rf, mu_staff, model), "enable_sort")
    assert index in text, text
    assert f"Seq Scan on {table}" not in text
    assert "Sort" not in text.split("\n")[1], text


def test_the_attendance_line_reads_only_the_registrations_still_waiting(mu_staff):
    from hubs.activity_workqueue import attendance_to_record

    for queryset in (
        attendance_to_record(mu_staff).values("pk"),
        attendance_to_record(mu_staff)[:10],
    ):
        text = plan(queryset)
        assert "registration_unrecorded" in text, text
        assert "Seq Scan on hubs_registration" not in text
        # The activities are read between the first and the last seat due, not all of
        # them from the first ever held.
        assert "Index Cond: ((ends_at >= " in text, text


def test_the_failed_deliveries_line_reads_only_the_deliveries_that_failed(mu_staff):
    from scn_portal.reminders.workqueue import failed_deliveries

    for queryset in (failed_deliveries(mu_staff)[:10], failed_deliveries(mu_staff).values("pk")):
        text = plan(queryset, "enable_sort")
        assert "reminder_delivery_failed" in text, text
        assert "Seq Scan on reminders_reminderdelivery" not in text


def test_the_applications_to_screen_are_read_in_order_from_their_own_index(mu_staff):
    from funding.workqueue import fund_applications_to_screen

    for queryset, off in (
        (fund_applications_to_screen(mu_staff)[:10], ("enable_sort",)),
        (fund_applications_to_screen(mu_staff).values("pk"), ()),
    ):
        text = plan(queryset, *off)
        assert "fund_application_to_screen" in text, text
        assert "Seq Scan on funding_fundapplication" not in text


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
def test_the_applications_line_counts_and_reads_from_the_under_review_index(mu_staff):
    from members.workqueue import applications_waiting

    crowd(2000)
    analyze()
    count = plan(applications_waiting(mu_staff).order_by().values("pk"))
    assert "Index Only Scan using membership_under_review" in count, count
    page = plan(applications_waiting(mu_staff)[:10], "enable_sort")
    assert "membership_under_review" in page, page
    assert "Seq Scan on members_membership" not in page
