import logging

from allauth.usersessions.models import UserSession
from django.db import transaction

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
