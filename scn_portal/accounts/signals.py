"""Sign-in events go to the security log: who, from where, never a secret."""

import logging

from allauth.account.adapter import get_adapter

logger = logging.getLogger("scn_portal.security")


def _ip(request) -> str:
    if request is None:
        return "-"
    try:
        return get_adapter().get_client_ip(request)
    except Exception:
        return "-"


def log_sign_in(sender, request, user, **kwargs) -> None:
    logger.info("sign-in succeeded: user_id=%s ip=%s", user.pk, _ip(request))


def log_sign_out(sender, request, user, **kwargs) -> None:
    logger.info("sign-out: user_id=%s ip=%s", getattr(user, "pk", None), _ip(request))


def _tried(credentials) -> str:
    """A keyed hash of the identifier tried, never its text (nor the password): the same
    address gives the same hash, so repeated attempts on one account show, but a typed
    password or a stranger's address is not written down."""
    import hashlib
    import hmac

    from django.conf import settings

    typed = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
    if not typed:
        return "-"
    digest = hmac.new(settings.SECRET_KEY.encode(), typed.encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def login_hash(identifier: str) -> str:
    """What the security log writes for ``identifier`` (to look up an account's attempts)."""
    return _tried({"email": identifier})


def log_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    logger.warning("sign-in failed: login_hash=%s ip=%s", _tried(credentials), _ip(request))


def log_refused_sign_in(request, credentials) -> None:
    """A sign-in refused by the rate limit before any password was checked.

    allauth refuses it before Django's ``user_login_failed`` is sent, so without this
    the attempts made once an address or IP is locked out would leave no trace.
    """
    logger.warning(
        "sign-in refused (too many failed attempts): login_hash=%s ip=%s",
        _tried(credentials),
        _ip(request),
    )
