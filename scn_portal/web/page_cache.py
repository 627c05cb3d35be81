"""Whole public pages for anonymous visitors, rendered once per version of the network.

What an anonymous visitor sees of the directory, a city, a hub, the calendar, the ISC,
the resources or the funding is the same for every anonymous visitor in a language: it
is rendered once, kept in the cache, and served from there until something of the
network changes. Any save or delete of a model of the apps in ``PUBLIC_PAGE_APPS`` (a
city, a membership, an activity, a minute, a contribution...) bumps the version, so the
next visitor sees the change; ``PUBLIC_PAGE_CACHE_SECONDS`` bounds how long a page lives
even when nothing was saved (what depends on the clock: upcoming activities, grace
periods) and how long a change made outside the models (a bulk ``update()``) can lag.

Never cached: signed-in visitors, anything but a GET or HEAD answered 200, a visitor
with messages waiting (a sign-out notice), and an answer that sets a cookie of its own.
The form token of the language switch (and of any other form on the page) is per
visitor: it is taken out before the page is stored and each visitor's own is put back.
"""

import hashlib
import re
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from scn_portal import versions

VERSION_KEY = "web:public-pages:version"
TOKEN_PLACEHOLDER = b"@@scn-form-token@@"
# The value of every form token input the templates render (``{% csrf_token %}``).
TOKEN_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Query strings longer than this are rendered, not stored (no one fills the cache).
MAX_QUERY_LENGTH = 300
# Content-Disposition: a chart's CSV (``?csv=``) is a public page too, downloaded by name.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Vary",
    "Last-Modified",
    "ETag",
)


def version() -> str:
    return versions.current(VERSION_KEY)


def bump(**_kwargs) -> None:
    """Something public may have changed: every stored page is stale from now on (a
    random token, so a cache that lost it never meets an old page again)."""
    versions.renew(VERSION_KEY)


def connect() -> None:
    """Bump the version on every change to a model of the public apps (cache
    invalidation only: the services stay the only place that changes state)."""
    for label in settings.PUBLIC_PAGE_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"public-pages-{model._meta.label_lower}"
            post_save.connect(bump, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(bump, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="public-pages-m2m")


def _m2m_changed(sender, instance, **kwargs) -> None:
    if instance._meta.app_label in settings.PUBLIC_PAGE_APPS:
        bump()


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    # Messages waiting for this visitor are shown by the page: render it for them.
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.session.get("_messages"):
        return False
    return True


def _key(request) -> str:
    # The host too: a page may carry its own absolute address (schema.org data).
    address = f"{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"web:public-pages:{version()}:{get_language()}:{path}"


def _stored(response) -> dict | None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if "no-store" in response.get("Cache-Control", "") or "private" in response.get(
        "Cache-Control", ""
    ):
        return None
    return {
        "content": TOKEN_INPUT.sub(rb"\1" + TOKEN_PLACEHOLDER + rb"\2", response.content),
        "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
    }


def _served(request, stored: dict) -> HttpResponse:
    content = stored["content"]
    if TOKEN_PLACEHOLDER in content:
        content = content.replace(TOKEN_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for header, value in stored["headers"].items():
        response[header] = value
    response["X-Page-Cache"] = "hit"
    return response


def public_page(view):
    """Serve ``view`` from the cache to anonymous visitors (see the module's text)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _served(request, stored)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if (entry := _stored(response)) is not None:
            cache.set(key, entry, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapper
