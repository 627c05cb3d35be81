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
