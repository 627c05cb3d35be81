"""The resource hub's background work: thin tasks that load a row and call a service."""

from celery import shared_task

from scn_portal.task_options import EMAIL_TASK

from . import notifications
from .models import Resource


@shared_task(name="resources.notify_submitter", **EMAIL_TASK)
def notify_submitter(*, resource_id: int, outcome: str, occasion: str) -> int:
    """Email the submitter that staff published their resource or asked for changes."""
    resource = Resource.objects.select_related("submitted_by").filter(pk=resource_id).first()
    if resource is None:
        return 0
    return notifications.send_review_email(resource=resource, outcome=outcome, occasion=occasion)
