"""Refused authorisations reach the security log: who asked for which page, no secret.

The person refused sees "not found" (or "forbidden" in the admin); the matrix in
tests/platform/test_url_matrix.py checks that every refusal on every page is logged.
"""

import logging

from django.urls import reverse

from governance.ics import feed_token


def refusals(caplog) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name == "scn_portal.security" and r.getMessage().startswith("authorisation refused")
    ]


def test_an_official_opening_another_citys_page_is_logged_as_refused(client_as, rabat, caplog):
    client = client_as("official_of_other_city")
    caplog.set_level(logging.INFO, logger="scn_portal.security")

    response = client.get(reverse("members:city_portal", kwargs={"code": rabat.code}))

    assert response.status_code == 404
    [record] = refusals(caplog)
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert f"user_id={client.user.pk}" in message
    assert f"members:city_portal(code={rabat.code})" in message


def test_a_city_that_does_not_exist_is_not_a_refusal(client_as, caplog):
    client = client_as("official_of_rabat")
    caplog.set_level(logging.INFO, logger="scn_portal.security")

    response = client.get(
        reverse("members:city_portal", kwargs={"code": "00000000-0000-0000-0000-000000000000"})
    )

    assert response.status_code == 404
    assert refusals(caplog) == []


def test_hub_staff_refused_an_admin_page_are_logged(client_as, caplog):
    client = client_as("hub_staff_mena")
    caplog.set_level(logging.INFO, logger="scn_portal.security")

    response = client.get(reverse("admin:funding_donor_changelist"))

    assert response.status_code == 403
    [record] = refusals(caplog)
    assert "status=403" in record.getMessage()
    assert "admin:funding_donor_changelist" in record.getMessage()


def test_a_refused_calendar_feed_never_writes_its_token_to_the_log(
    client, official_of_rabat, caplog
):
    token = feed_token(official_of_rabat)  # a valid signature, but not an ISC member
    caplog.set_level(logging.INFO, logger="scn_portal.security")

    response = client.get(reverse("governance:meeting_feed", kwargs={"token": token}))

    assert response.status_code == 404
    [record] = refusals(caplog)
    assert "token=***" in record.getMessage()
    assert all(token not in r.getMessage() for r in caplog.records)


def test_an_allowed_page_logs_no_refusal(client_as, rabat, caplog):
    client = client_as("official_of_rabat")
    caplog.set_level(logging.INFO, logger="scn_portal.security")

    response = client.get(reverse("members:city_portal", kwargs={"code": rabat.code}))

    assert response.status_code == 200
    assert refusals(caplog) == []


def test_the_development_servers_request_lines_reach_the_console_with_tokens_masked(caplog):
    caplog.set_level(logging.INFO)
    token = "eyJhbGciOi.secret-feed-token:1x2y3z"

    logging.getLogger("django.server").info('"GET /en/isc/calendar/%s.ics HTTP/1.1" 200 5', token)

    [record] = [r for r in caplog.records if r.name == "django.server"]
    assert record.getMessage() == '"GET /en/isc/calendar/***.ics HTTP/1.1" 200 5'
