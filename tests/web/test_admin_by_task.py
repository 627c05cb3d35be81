"""The admin index lists models by what staff do with them, and keeps the technical ones
for superusers."""

import html as html_module
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
            html_module.unescape(re.sub(r"<[^>]+>", "", name).strip())
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


# Every section Management Unit staff see, in the order of their work.
ORDER = [
    "Membership",
    "International Steering Committee",
    "Working groups and experts",
    "Activities and convening",
    "Help desk",
    "Network data",
    "Donors and funding",
    "Resource hub",
    "Monitoring, evaluation and learning",
    "People and accounts",
    "Audit trail, reminders and reports",
]


def test_management_unit_staff_see_the_sections_in_the_order_of_their_work(client_as):
    index = sections(client_as("mu_staff").get(reverse("admin:index")))

    assert list(index) == ORDER


# Where each model of members, hubs, funding and resources is listed, in the section's order.
PLACED = {
    "Membership": [
        "Applications",
        "Memberships",
        "Disputed territories",
        "Disputed-territory matches",
        "Eligibility overrides",
        "Proposed changes of location",
        "Requests to act for a city",
        "Membership certificates",
    ],
    "Network data": [
        "Local governments",
        "Regions",
        "Countries' regions",
        "Strategic priorities",
        "Organisations",
        "Guiding principles versions",
        "Membership terms of reference",
        "Certificate settings",
        "Regional hubs",
        "Central team",
        "Needs assessments",
    ],
    "Donors and funding": [
        "Partners",
        "Donors",
        "Types of support",
        "Contributions",
        "Exchange rates",
        "Operating costs",
        "Fee schedule",
        "Membership fee invoices",
        "Kinds of fund support",
        "Fund rounds",
        "Fund applications",
    ],
    "Resource hub": ["Resources", "Themes"],
    "Activities and convening": ["Activities", "Registrations"],
    "Help desk": ["Help-desk requests"],
}


def test_each_model_of_the_network_is_listed_under_the_task_it_serves(client_as):
    index = sections(client_as("mu_staff").get(reverse("admin:index")))

    for caption, models in PLACED.items():
        assert index[caption] == models, caption
    # People and the invitations that give a colleague an account, with the accounts.
    assert {"Users", "Groups", "People", "Invitations"} <= set(index["People and accounts"])
    assert "Other" not in index or not set(index["Other"]) & {
        name for names in PLACED.values() for name in names
    }


def test_the_sidebar_of_every_admin_page_follows_the_same_sections(client_as):
    page = client_as("mu_staff").get(reverse("admin:members_person_changelist"))
    html = page.content.decode()
    sidebar = html[html.index('id="nav-sidebar"') : html.index('id="content-start"')]

    assert sidebar.index("Membership") < sidebar.index("Network data")
    assert sidebar.index("Applications") < sidebar.index("Memberships")


def test_hub_staff_see_only_the_sections_of_their_work(client_as, hub_staff_mena):
    index = sections(client_as("hub_staff_mena").get(reverse("admin:index")))

    assert index == {
        "Membership": ["Applications", "Memberships", "Proposed changes of location"],
        "Activities and convening": ["Activities", "Registrations"],
        "Help desk": ["Help-desk requests"],
        "Network data": ["Local governments", "Regional hubs", "Needs assessments"],
        "People and accounts": ["People"],
        # Their hub's resources, and the themes to tag them with.
        "Resource hub": ["Resources", "Themes"],
        "Donors and funding": ["Fund applications"],
    }


# --- Each person's menu, kept between pages ------------------------------------------------


def menu_of(client, language: str = "en") -> str:
    """The index's menu: the sections, their models and their links, as shown."""
    from django.utils import translation

    with translation.override(language):
        html = client.get(reverse("admin:index")).content.decode()
    return html[html.index('id="content-main"') : html.index('id="content-related"')]


@pytest.fixture
def kept_menus(settings):
    from scn_portal import admin_site

    settings.ADMIN_MENU_CACHE_SECONDS = 60
    admin_site._menus.clear()
    yield
    admin_site._menus.clear()


def test_a_kept_menu_is_the_menu_each_person_would_get_afresh(client_as, settings, mena_hub):
    people = ["mu_staff", "hub_staff_mena", "superuser"]
    clients = {p: client_as(p) for p in people}
    settings.ADMIN_MENU_CACHE_SECONDS = 0
    fresh = {(p, lang): menu_of(clients[p], lang) for p in people for lang in ("en", "ar")}

    from scn_portal import admin_site

    settings.ADMIN_MENU_CACHE_SECONDS = 60
    admin_site._menus.clear()
    for _ in range(2):  # built on the first round, kept for the second
        for language in ("ar", "en"):
            for person in people:
                assert menu_of(clients[person], language) == fresh[(person, language)]
    assert len(admin_site._menus) == len(fresh)


def test_a_kept_menu_is_built_once_for_many_pages(client_as, kept_menus, monkeypatch):
    from scn_portal.admin_site import PortalAdminSite

    built = []
    original = PortalAdminSite._sections_for
    monkeypatch.setattr(
        PortalAdminSite,
        "_sections_for",
        lambda site, request: built.append(1) or original(site, request),
    )
    client = client_as("mu_staff")
    for name in ("admin:index", "admin:members_localgovernment_changelist", "admin:index"):
        assert client.get(reverse(name)).status_code == 200
    assert len(built) == 1


def test_a_change_of_role_or_of_a_settings_record_shows_in_the_menu_at_once(
    client_as, kept_menus, mu_staff
):
    from governance.models import IscSettings

    client = client_as("mu_staff")
    add_settings = reverse("admin:governance_iscsettings_add")
    contributions = reverse("admin:funding_contribution_changelist")
    IscSettings.objects.all().delete()
    assert add_settings in menu_of(client)

    IscSettings.objects.get_or_create(pk=1)
    assert add_settings not in menu_of(client)
    assert contributions in menu_of(client)

    mu_staff.groups.clear()  # no longer in the Management Unit
    assert contributions not in client.get(reverse("admin:index")).content.decode()


def sidebar_of(client, path):
    page = client.get(path).content.decode()
    start = page.index('id="nav-sidebar"')
    return page[start : page.index("</nav>", start)]


def test_a_kept_menu_shows_in_the_sidebar_as_rendered_afresh_with_the_page_marked(
    client_as, settings, mena_hub
):
    """The sidebar of a kept menu is rendered once and marked per page
    (``templatetags.admin_menu``): each page shows what rendering it afresh shows."""
    from scn_portal import admin_site

    pages = [
        reverse("admin:members_localgovernment_changelist"),
        reverse("admin:members_membership_changelist") + "?status=member",
        reverse("admin:hubs_activity_changelist"),
        reverse("admin:members_person_add"),
    ]
    for person in ("mu_staff", "hub_staff_mena", "superuser"):
        client = client_as(person)
        for language in ("en", "ar"):
            localised = [path.replace("/en/", f"/{language}/", 1) for path in pages]
            settings.ADMIN_MENU_CACHE_SECONDS = 0
            fresh = {path: sidebar_of(client, path) for path in localised}
            settings.ADMIN_MENU_CACHE_SECONDS = 60
            admin_site._menus.clear()
            for _ in range(2):
                for path in localised:
                    kept = sidebar_of(client, path)
                    assert kept == fresh[path], (person, path)
                    assert "\x1e" not in kept
            # The page's own model, and only it, is marked as the current one.
            current = fresh[localised[0]]
            assert current.count("current-model") == 1
            assert current.count('aria-current="page"') == 1
            model_row = current.index("current-model")
            assert current.index('class="model-localgovernment') < model_row
    admin_site._menus.clear()
