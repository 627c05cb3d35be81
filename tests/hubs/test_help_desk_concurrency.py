"""Two people acting on one help-desk request at the same moment (PostgreSQL): the row is
locked in the transaction, so the second sees what the first did."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from hubs.models import HelpRequest
from hubs.services import helpdesk as services
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_two_officials_closing_a_request_at_once_close_it_once(rabat, official_of_rabat):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    colleague = factories.UserFactory(email="colleague@rabat.example.org")
    factories.OfficialFactory(
        person=factories.PersonFactory(user=colleague), local_government=rabat
    )
    help_request = services.ask_help_desk(
        city=rabat, actor=official_of_rabat, category="other", subject="Q", body="?"
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def close(actor, rating):
        try:
            barrier.wait()
            services.close_help_request(help_request=help_request, actor=actor, rating=rating)
            outcomes.append(rating)
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=close, args=(official_of_rabat, 5)),
        threading.Thread(target=close, args=(colleague, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # One closes it, the other is refused, whichever of them finishes first.
    assert len(outcomes) == 2 and outcomes.count("refused") == 1, outcomes
    winner = next(o for o in outcomes if o != "refused")
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.CLOSED
    assert help_request.rating == winner
