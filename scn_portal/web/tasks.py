from celery import shared_task

from scn_portal.task_options import DATABASE_TASK


@shared_task(name="web.erase_stale_applicants", **DATABASE_TASK)
def erase_stale_applicants() -> int:
    """Erase never-approved applicants past the retention period; a rerun erases no one twice."""
    from .personal_data import erase_stale_applicants as erase

    return len(erase())


@shared_task(name="web.delete_expired_invitations", **DATABASE_TASK)
def delete_expired_invitations() -> int:
    """Delete invitations past their retention period; a rerun deletes nothing more."""
    from .personal_data import delete_expired_invitations as delete

    return delete()
