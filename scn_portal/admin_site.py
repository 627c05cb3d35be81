"""The admin, organised by what staff do rather than by Python app.

Each app declares the task sections it brings (``register_admin_section``) and places each
of its models in one with a ``admin_section`` attribute on the model's admin (the order of
registration is the order in the section). The index and the sidebar then list the
sections in order: membership, the ISC, working groups and experts, network data, people
and accounts... A model no section claims is listed under "Other", never lost.

Technical models (the beat schedule, sessions, second factors, email addresses) are a
superuser's: hidden from, and closed to, everyone else.
"""

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts import grants
from scn_portal.web.admin_singletons import present


@dataclass(frozen=True)
class AdminSection:
    code: str
    order: int
    title: Any


_sections: dict[str, AdminSection] = {}
# Models of packages the portal uses, placed by the platform ("app_label.model").
_third_party: dict[str, str] = {}

TECHNICAL = "technical"
PEOPLE_AND_ACCOUNTS = "people_and_accounts"
OVERSIGHT = "oversight"


def register_admin_section(section: AdminSection) -> AdminSection:
    _sections[section.code] = section
    return section


register_admin_section(
    AdminSection(code=PEOPLE_AND_ACCOUNTS, order=60, title=_("People and accounts"))
)
register_admin_section(
    AdminSection(code=OVERSIGHT, order=80, title=_("Audit trail, reminders and reports"))
)
register_admin_section(AdminSection(code=TECHNICAL, order=90, title=_("Technical")))
OTHER = AdminSection(code="other", order=100, title=_("Other"))

# Technical models: a superuser's only.
SUPERUSER_ONLY = {
    "django_celery_beat.periodictask",
    "django_celery_beat.clockedschedule",
    "django_celery_beat.crontabschedule",
    "django_celery_beat.intervalschedule",
    "django_celery_beat.solarschedule",
    "sessions.session",
    "mfa.authenticator",
    "usersessions.usersession",
    "account.emailaddress",
}
_third_party.update(dict.fromkeys(SUPERUSER_ONLY, TECHNICAL))
_third_party["auth.group"] = PEOPLE_AND_ACCOUNTS


class ReadOnlyAdminMixin:
    """A record nobody adds, changes or deletes by hand in the admin: the portal writes it
    (an audit entry, a delivery, a territory match) or a service does (through actions)."""

    def has_add_permission(self, request, *args, **kwargs):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyAdmin:
    """Mixed into the admin of a technical model: nobody else sees or opens it."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return self.has_module_permission(request) and super().has_add_permission(
            request, *args, **kwargs
        )

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


# Each person's admin menu, per language: building it asks every model's admin for four
# permissions (about 450 checks, an eighth of a list page's time), on every admin page.
# Kept per process, under a key made of what the menu depends on: the person and their
# flags, the language, the settings records that exist (read once per request anyway, for
# their "Add") and a version of the roles, in the shared cache, that any change of groups
# or permissions moves on (``accounts.grants``), so that such a change shows at once in every
# process. Anything else a permission may depend on (a hub closed, say) shows within
# ``ADMIN_MENU_CACHE_SECONDS``; until then a link kept leads to a refusal, as any page a
# person may no longer open does.
_menus: dict[tuple, tuple[float, list[dict]]] = {}
MENU_CACHE_SIZE = 1000


def _menu_key(request) -> tuple:
    user = request.user
    return (
        user.pk,
        user.is_active,
        user.is_staff,
        user.is_superuser,
        translation.get_language(),
        grants.version(),
        frozenset(present(request)),
    )


class KeptMenu(list):
    """A kept menu, with its rendering for the sidebar (``templatetags.admin_menu``)."""

    def __init__(self, sections):
        super().__init__(sections)
        self.rendered: dict = {}


class PortalAdminSite(admin.AdminSite):
    def each_context(self, request):
        context = super().each_context(request)
        # "View site" leads to the portal in the language the admin speaks, not to "/"
        # (which answers in the browser's language, English for most staff's machines).
        context["site_url"] = reverse("web:home")
        return context

    def get_app_list(self, request, app_label=None):
        """The sections of the index and of every page's sidebar, each person's kept for
        ``ADMIN_MENU_CACHE_SECONDS`` per language (see ``_menus``)."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        seconds = settings.ADMIN_MENU_CACHE_SECONDS
        if seconds <= 0:
            return self._sections_for(request)
        key = _menu_key(request)
        now = time.monotonic()
        kept = _menus.get(key)
        if kept is not None and kept[0] > now:
            return kept[1]
        menu = KeptMenu(self._sections_for(request))
        if len(_menus) >= MENU_CACHE_SIZE:
            _menus.clear()
        _menus[key] = (now + seconds, menu)
        return menu

    def _sections_for(self, request) -> list[dict]:
        sections: dict[str, dict] = {}
        # Models in the order they were registered (Django would sort them by name): each
        # app registers its admins in the order staff work through them.
        for app in self._build_app_dict(request).values():
            for model in app["models"]:
                section = self._section_of(model["model"])
                entry = sections.setdefault(
                    section.code,
                    {
                        "name": section.title,
                        "app_label": section.code,
                        "app_url": "",
                        "has_module_perms": True,
                        "models": [],
                        "order": section.order,
                    },
                )
                entry["models"].append(model)
        return sorted(sections.values(), key=lambda s: (s["order"], str(s["name"])))

    def _section_of(self, model) -> AdminSection:
        model_admin = self._registry.get(model)
        code = getattr(model_admin, "admin_section", None) or _third_party.get(
            model._meta.label_lower
        )
        return _sections.get(code, OTHER)

    def close_technical_models(self) -> None:
        """Re-register the technical models' admins so only a superuser opens them."""
        for model, model_admin in list(self._registry.items()):
            if model._meta.label_lower in SUPERUSER_ONLY and not isinstance(
                model_admin, SuperuserOnlyAdmin
            ):
                closed = type(
                    model_admin.__class__.__name__, (SuperuserOnlyAdmin, model_admin.__class__), {}
                )
                self.unregister(model)
                self.register(model, closed)


class PortalAdminConfig(AdminConfig):
    default_site = "scn_portal.admin_site.PortalAdminSite"

    def ready(self) -> None:
        super().ready()
        admin.site.close_technical_models()
        grants.connect()
