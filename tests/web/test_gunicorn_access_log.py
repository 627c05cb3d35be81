"""The production web server's access log never holds a calendar-feed token."""

import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from scn_portal.gunicorn_logging import RedactingLogger

TOKEN = "eyJhbGciOi.secret-feed-token:1x2y3z"


def access_line(path: str) -> str:
    config = Config()
    config.set("accesslog", "-")
    logger = RedactingLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://portal.example.org{path}",
    }
    response = SimpleNamespace(status="200 OK", sent=120, headers=[])
    request = SimpleNamespace(headers=[("Host", "portal.example.org")])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(seconds=0))
    return config.access_log_format % atoms + " " + " ".join(map(str, atoms.values()))


def test_a_calendar_feed_request_is_logged_without_its_token():
    line = access_line(f"/en/isc/calendar/{TOKEN}.ics")

    assert TOKEN not in line
    assert "/en/isc/calendar/***.ics" in line


def test_other_requests_are_logged_as_they_came():
    assert "/en/cities/" in access_line("/en/cities/")


def test_an_email_confirmation_link_is_logged_without_its_key():
    key = "MQ:1tZ9Qx:secret-confirmation-key"
    line = access_line(f"/en/accounts/confirm-email/{key}/")

    assert key not in line
    assert "/en/accounts/confirm-email/***/" in line


def test_djangos_own_logs_mask_the_confirmation_key_too(client, caplog, db):
    import logging

    key = "MQ:1tZ9Qx:another-secret-key"
    with caplog.at_level(logging.INFO):
        client.get(f"/en/accounts/confirm-email/{key}/nonsense/")
    assert "/en/accounts/confirm-email/***/nonsense/" in caplog.text
    assert key not in caplog.text
