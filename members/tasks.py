from celery import shared_task


@shared_task(name="members.rescreen_disputed_territories", acks_late=True)
def rescreen_disputed_territories() -> int:
    from .services import rescreen_members_and_applicants

    return len(rescreen_members_and_applicants())


@shared_task(name="members.notify_membership_decision", acks_late=True)
def notify_membership_decision(*, transition_id: int) -> None:
    from .models import MembershipTransition
    from .notifications import send_decision_email

    record = MembershipTransition.objects.filter(pk=transition_id).first()
    if record is None:
        return
    send_decision_email(transition=record)
