"""The reminders and notices sent to a person: kept, but no longer to their address."""

from scn_portal.privacy.registry import PersonalData, Subject, register
from scn_portal.privacy.services import when

from .models import ReminderDelivery


@register
class ReminderData(PersonalData):
    code = "reminders"
    order = 900

    def export(self, subject: Subject) -> dict:
        if subject.user is None:
            return {}
        return {
            "user_account": {
                "reminders_sent": [
                    {
                        "rule": d.rule,
                        "email": d.email,
                        "status": d.status,
                        "sent_at": when(d.sent_at),
                    }
                    for d in ReminderDelivery.objects.filter(recipient=subject.user)
                ]
            }
        }

    def erase(self, subject: Subject, gathered) -> dict:
        if subject.user is None:
            return {}
        for delivery in ReminderDelivery.objects.filter(recipient=subject.user):
            delivery.email = f"erased-{delivery.pk}@erased.invalid"
            delivery.save(update_fields=["email"])
        return {}
