"""The admin index lists models by what staff do with them, and keeps the technical ones
for superusers."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sections(response) -> dict[str, list[str]]:
    """Each section of the index (its caption) and the model names under it."""
    html = response.content.decode()
    html = html[html.index('id="content-main"') :]
    found = {}
    for block in re.findall(r"<caption>(.*?)</table>", html, re.S):
        caption = re.sub(r"<[^>]+>", "", block.split("</caption>")[0]).strip()
        found[caption] = [
            re.sub(r"<[^>]+>", "", name).strip()
            for name in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', block, re.S)
        ]
    return found


def test_management_unit_staff_see_no_technical_model(client_as):
    index = sections(client_as("mu_staff").get(reverse("admin:index")))

    assert "Technical" not in index
    listed = [name for names in index.values() for name in names]
    for technical in ("Periodic tasks", "Crontabs", "Authenticators", "Email addresses"):
        assert technical not in listed
    assert {"Users", "Groups"} <= set(index["People and accounts"])
    assert "Audit trail" in index["Audit trail, reminders and reports"]


def test_a_superuser_finds_the_technical_models_in_their_own_section(client_as):
    index = sections(client_as("superuser").get(reverse("admin:index")))

    assert {"Periodic tasks", "Authenticators", "Email addresses"} <= set(index["Technical"])
    assert list(index)[-1] in ("Technical", "Other")


def test_every_model_is_listed_once(client_as):
    index = sections(client_as("superuser").get(reverse("admin:index")))
    listed = [name for names in index.values() for name in names]

    assert len(listed) == len(set(listed)) == len(admin.site._registry)


def test_governance_is_listed_under_the_isc_and_under_working_groups_and_experts(client_as):
    index = sections(client_as("mu_staff").get(reverse("admin:index")))

    assert set(index["International Steering Committee"]) == {
        "ISC terms",
        "Co-chair terms",
        "ISC settings",
        "ISC regional targets",
        "ISC terms of reference",
        "ISC meetings",
        "Minutes",
        "Comments on minutes",
    }
    assert set(index["Working groups and experts"]) == {
        "Working groups",
        "Working group members",
        "Experts",
    }
    names = list(index)
    assert names.index("International Steering Committee") < names.index(
        "Working groups and experts"
    )
    assert not any(name == "Governance" for name in names)
