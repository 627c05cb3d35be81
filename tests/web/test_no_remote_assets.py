"""Every CSS, JS, image and font file comes from the portal itself: nothing remote."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

ASSET = re.compile(r"""<(?:script|link|img|source|iframe)\b[^>]*\b(?:src|href)=["']([^"']+)["']""")


def remote_assets(html: str) -> list[str]:
    return [url for url in ASSET.findall(html) if url.startswith(("http:", "https:", "//"))]


@pytest.mark.parametrize(
    "url",
    ["/en/", "/ar/", "/en/accounts/login/", "/ar/accounts/signup/", "/en/accounts/password/reset/"],
)
def test_public_pages_load_nothing_from_elsewhere(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert remote_assets(response.content.decode()) == []


def test_every_admin_add_page_loads_nothing_from_elsewhere(client_as):
    client = client_as("superuser")
    checked = 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        response = client.get(url)
        if response.status_code == 403:  # read-only records (reminder deliveries, reports)
            continue
        assert response.status_code == 200, url
        assert remote_assets(response.content.decode()) == [], url
        checked += 1
    assert checked >= 10
