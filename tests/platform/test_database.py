"""On PostgreSQL the portal prepares the statements it sends again and again, and still
writes any number of rows at once."""

import pytest
from django.db import connection

from members.models import LocalGovernment, Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements and the parameter limit are PostgreSQL's")


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_statement_sent_again_and_again_is_prepared_once(rabat):
    def ask(code):
        return LocalGovernment.objects.filter(code=code).first()

    for _ in range(6):
        assert ask(rabat.code) == rabat
    prepared = [s for s in prepared_statements() if "members_localgovernment" in s]
    assert len(prepared) == 1
    # Prepared, it answers for any value: another city, or none.
    assert ask("00000000-0000-0000-0000-000000000000") is None
    assert len([s for s in prepared_statements() if "members_localgovernment" in s]) == 1


def test_a_bulk_write_over_postgresqls_parameter_limit_is_written_whole():
    # Changing 25,000 rows at once takes three values a row (the key twice and the new
    # value): 75,000 parameters, more than one statement may carry.
    Region.objects.bulk_create(Region(code=f"r{n}", name=f"Region {n}") for n in range(25_000))
    regions = list(Region.objects.filter(code__startswith="r"))
    for region in regions:
        region.order = int(region.code[1:]) % 100 + 1
    Region.objects.bulk_update(regions, ["order"])
    assert Region.objects.filter(code__startswith="r", order__gt=0).count() == 25_000
    assert Region.objects.get(code="r24999").order == 100
