"""The members app's background work. Each task takes ids as keyword arguments, loads the
row (and returns quietly if it is gone), and calls a service; services queue these tasks
by name (``scn_portal.queueing.enqueue_by_name``), so nothing here is imported back."""

from celery import shared_task

from scn_portal.ops.schedule import register_periodic_task
from scn_portal.task_options import DATABASE_TASK, EMAIL_TASK

from . import feed, notifications, privacy
from .models import Invitation, LocationChange, MembershipTransition, Person
from .services.screening import rescreen_members_and_applicants


@shared_task(name="members.rescreen_disputed_territories", **DATABASE_TASK)
def rescreen_disputed_territories() -> int:
    """Re-check members and applicants; running it again finds the same matches."""
    return len(rescreen_members_and_applicants())


@shared_task(name="members.notify_membership_decision", **EMAIL_TASK)
def notify_membership_decision(*, transition_id: int) -> None:
    """Email the city's officials about a decision, each of them once however often it runs."""
    record = MembershipTransition.objects.filter(pk=transition_id).first()
    if record is None:
        return
    notifications.send_decision_email(transition=record)


@shared_task(name="members.send_invitation", **EMAIL_TASK)
def send_invitation(*, invitation_id: int) -> bool:
    """Email a colleague's invitation; a second run sends nothing."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        return False
    return notifications.send_invitation_email(invitation=invitation)


@shared_task(name="members.notify_location_change", **EMAIL_TASK)
def notify_location_change(*, change_id: int) -> int:
    """Tell Management Unit staff that an official proposed a new location; once each."""
    change = LocationChange.objects.filter(pk=change_id).first()
    if change is None:
        return 0
    return notifications.send_location_change_to_staff(change=change)


@shared_task(name="members.notify_location_decision", **EMAIL_TASK)
def notify_location_decision(*, change_id: int) -> int:
    """Tell the official who proposed a new location what staff decided; once."""
    change = LocationChange.objects.filter(pk=change_id).first()
    if change is None:
        return 0
    return notifications.send_location_decision(change=change)


@shared_task(name="members.notify_account_link", **EMAIL_TASK)
def notify_account_link(*, person_id: int, previous_user_id: int | None = None) -> int:
    """Tell a person that staff changed the account linked to their record; once each."""
    person = Person.objects.filter(pk=person_id).select_related("user").first()
    if person is None:
        return 0
    return notifications.send_account_link_notice(person=person, previous_user_id=previous_user_id)


@shared_task(name="members.build_directory_feed", **DATABASE_TASK)
def build_directory_feed(*, language: str) -> int:
    """Build the directory feed of ``language`` for the directory as it is now (queued by
    the first request after a change; ``members.feed``); returns its gzipped size."""
    return len(feed.build(language)["gzip"])


@shared_task(name="members.erase_stale_applicants", **DATABASE_TASK)
def erase_stale_applicants() -> int:
    """Erase never-approved applicants past the retention period; a rerun erases no one twice."""
    return len(privacy.erase_stale_applicants())


@shared_task(name="members.delete_expired_invitations", **DATABASE_TASK)
def delete_expired_invitations() -> int:
    """Delete invitations past their retention period; a rerun deletes nothing more."""
    return privacy.delete_expired_invitations()


register_periodic_task(
    "Erase applicants past the retention period",
    "members.erase_stale_applicants",
    minute="40",
    hour="3",
)
register_periodic_task(
    "Delete invitations past the retention period",
    "members.delete_expired_invitations",
    minute="50",
    hour="3",
)
