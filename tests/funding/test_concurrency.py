"""Two receipts saved at the same moment cannot together pass the pledge (PostgreSQL:
the contribution's row is locked while a receipt is checked and saved)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from funding.errors import FundingError
from funding.models import Receipt
from funding.services.contributions import received_total, record_receipt
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_two_receipts_saved_at_the_same_moment_never_pass_the_pledge():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    pledge = factories.make_contribution(amount="1000.00")
    barrier = threading.Barrier(2)
    outcomes = []

    def receive():
        try:
            barrier.wait()
            record_receipt(
                contribution=pledge,
                received_on=datetime.date(2024, 3, 1),
                amount="600.00",
                actor=None,
            )
            outcomes.append("recorded")
        except FundingError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "refused"]
    assert Receipt.objects.count() == 1
    assert received_total(pledge) == 600
