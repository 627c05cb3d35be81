from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

from scn_portal.accounts.roles import Role, roles_of


def language_url(path: str, code: str) -> str:
    """This page in language ``code``: always a path on this site.

    ``translate_url`` gives back what it cannot resolve unchanged, so on a "not found"
    page for ``//elsewhere.example/`` it would link to another site. Such a path, or one
    that does not resolve, leads to the same path under the language's prefix, or to the
    language's home page.
    """
    translated = translate_url(path, code)
    if translated == path:
        parts = path.split("/", 2)
        known = dict(settings.LANGUAGES)
        if len(parts) > 1 and parts[1] in known:
            translated = f"/{code}/{parts[2] if len(parts) > 2 else ''}"
        else:
            translated = f"/{code}/"
    if not translated.startswith("/") or translated.startswith(("//", "/\\")) or "\\" in translated:
        return f"/{code}/"
    if not url_has_allowed_host_and_scheme(translated, allowed_hosts=None):
        return f"/{code}/"
    return translated


def _same_page_in(match, query: str, code: str) -> str | None:
    """This page's address in language ``code``, from the route the request already
    resolved (``translate_url`` resolves the path again for every language)."""
    if match is None or not match.url_name:
        return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(code):
        try:
            found = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
    return f"{found}?{query}" if query else found


def portal(request):
    """Roles of the signed-in person and the links to this page in each language.

    The links are built when a template reads them: the admin's pages never do."""

    def languages() -> list[dict]:
        current = translation.get_language()
        path = request.get_full_path()
        match = getattr(request, "resolver_match", None)
        query = path.partition("?")[2]
        return [
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": _same_page_in(match, query, code) or language_url(path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]

    roles = roles_of(getattr(request, "user", None))
    return {
        "portal_languages": SimpleLazyObject(languages),
        "portal_roles": roles,
        "Role": Role,
    }
