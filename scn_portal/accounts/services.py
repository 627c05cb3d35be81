import logging

from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("scn_portal.security")


def end_all_sessions(*, user) -> int:
    """Sign ``user`` out everywhere: every session they opened ends now."""
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)


@transaction.atomic
def deactivate_user(*, user, actor) -> None:
    """Deactivate an account and end all its sessions at once."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    ended = end_all_sessions(user=user)
    logger.info(
        "user deactivated: user_id=%s by user_id=%s, %s session(s) ended",
        user.pk,
        getattr(actor, "pk", None),
        ended,
    )


# --- Roles: who may grant what -----------------------------------------------------------

# What makes an account more powerful: only a superuser changes these, never on their own
# account. (Hub staff access follows hub assignments, which hubs.services keeps.)
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


class RoleChangeRefused(PermissionDenied):
    """A change of an account's privileges that the acting user may not make."""


def check_role_change(*, user, actor, changed) -> None:
    """Refuse a change of ``PRIVILEGE_FIELDS`` (or of one's own activity) unless a
    superuser makes it to another account. ``changed`` names the fields that change."""
    changed = set(changed)
    if actor is not None and user.pk is not None and actor.pk == user.pk:
        if changed & {*PRIVILEGE_FIELDS, "is_active"}:
            raise RoleChangeRefused(_("Nobody changes their own roles or status."))
    if changed & set(PRIVILEGE_FIELDS) and not (actor is not None and actor.is_superuser):
        raise RoleChangeRefused(
            _(
                "Only a superuser grants or removes superuser status, staff status, a group "
                "or a permission."
            )
        )


def send_password_reset(*, user, request) -> bool:
    """Email ``user`` a link to choose a new password (staff never set one themselves).

    Returns False when the account has no usable address. The link is allauth's, with its
    expiry; the security log records who asked.
    """
    from allauth.account.forms import ResetPasswordForm

    if not user.is_active or not user.email:
        return False
    form = ResetPasswordForm(data={"email": user.email})
    if not form.is_valid():
        return False
    form.save(request)
    logger.info(
        "password reset link sent: user_id=%s by user_id=%s",
        user.pk,
        getattr(request.user, "pk", None),
    )
    return True
