"""The email to a resource's submitter when staff publish it or ask for changes, in the
submitter's language, sent once per decision through ``scn_portal.reminders.delivery``."""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import lazy

from scn_portal.reminders.delivery import deliver
from scn_portal.task_options import EMAIL_ERRORS

from .models import Resource

DELIVERY_RULE = "resources.review_outcome"


def _url(name: str, **kwargs):
    # Reversed when the email is rendered: the link carries the recipient's language.
    return lazy(lambda: settings.SITE_URL + reverse(name, kwargs=kwargs or None), str)()


def send_review_email(*, resource: Resource, outcome: str, occasion: str) -> int:
    user = resource.submitted_by
    if user is None or not user.is_active:
        return 0
    result = deliver(
        rule=DELIVERY_RULE,
        occasion=occasion,
        template="emails/resource_review",
        context={
            "resource": resource,
            "outcome": outcome,
            "resource_url": _url("resources:detail", code=resource.code),
            "submissions_url": _url("resources:submissions"),
        },
        user=user,
    )
    for error in result.errors:
        if isinstance(error, EMAIL_ERRORS):
            raise error
    return result.sent
