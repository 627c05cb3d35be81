"""The public API's documentation page (Swagger UI) opened in a real browser under the
portal's Content-Security-Policy: it lists the API's operations, the policy refuses
nothing, and every request the page makes goes to the portal itself — no CDN, no
validator badge, no remote font."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import browser_errors

pytestmark = pytest.mark.browser


def test_the_api_documentation_renders_its_operations_from_the_portal_alone(
    page, live_server, transactional_db, console_errors
):
    portal = urlsplit(live_server.url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto(live_server.url + reverse("api:docs"))
    assert response is not None and response.status == 200
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy

    # Swagger UI built the page from the schema: the operations of each endpoint.
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/api/v1/activities/").first).to_be_visible()
    for path in (
        "/api/v1/resources/",
        "/api/v1/cities/{code}/",
        "/api/v1/funding/{year}/",
        "/api/v1/minutes/",
    ):
        expect(operations.filter(has_text=path).first).to_be_visible()
    assert operations.count() >= 11

    # Opening an operation shows its parameters (the script runs, not just the HTML).
    page.locator(".opblock-summary-path", has_text="/api/v1/activities/").first.click()
    expect(page.locator(".parameters-container").first).to_contain_text("region")
    page.wait_for_load_state("networkidle")

    assert browser_errors(console_errors) == []
    schemes = {urlsplit(url).scheme for url in requested}
    remote = [
        url
        for url in requested
        if urlsplit(url).scheme != "data" and urlsplit(url).netloc != portal
    ]
    assert remote == [], remote
    assert schemes <= {"http", "data"}, schemes
    # The schema itself came from the portal's own address.
    assert any(urlsplit(url).path == reverse("api:schema") for url in requested), requested
