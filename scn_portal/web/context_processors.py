from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from scn_portal.accounts.roles import Role, roles_of


def portal(request):
    """Roles of the signed-in person and the links to this page in each language."""
    current = translation.get_language()
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    roles = roles_of(getattr(request, "user", None))
    return {
        "portal_languages": languages,
        "portal_roles": roles,
        "Role": Role,
    }
