"""A version of who may do what: any change of a person's groups or permissions, or of a
group's, moves it on, in the shared cache, so that what a process keeps per person (their
admin menu, their permissions) is asked again at once in every process.

The version is a random token, not a counter: if the cache loses it, a new one is drawn and
nothing kept under an old one is met again.
"""

from scn_portal import versions

KEY = "accounts:grants-version"


def version() -> str:
    return versions.current(KEY)


def changed(**_kwargs) -> None:
    versions.renew(KEY)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"grants-{through}")
    for model in (Group, Permission):
        post_save.connect(changed, sender=model, dispatch_uid=f"grants-saved-{model}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"grants-deleted-{model}")
