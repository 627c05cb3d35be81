"""What the hubs app holds about a person: the help-desk requests they asked, the messages
they wrote (notes included, for staff), their ratings, and the needs assessments they
recorded (see ``scn_portal.privacy``)."""

from scn_portal.privacy.registry import PersonalData, Subject, register
from scn_portal.privacy.services import when

from .models import HelpAttachment, HelpMessage, HelpRequest, NeedsAssessment


@register
class HubsData(PersonalData):
    code = "hubs"
    order = 30
    audit_fields = {
        "hubs.helpmessage": ("body",),
        "hubs.helprequest": ("rating_comment",),
    }

    def export(self, subject: Subject) -> dict:
        user = subject.user
        if user is None:
            return {}
        return {
            "user_account": {
                "help_desk_requests": [
                    {
                        "city": r.local_government.name,
                        "subject": r.subject,
                        "category": r.category,
                        "status": r.status,
                        "asked_at": when(r.created_at),
                        "rating": r.rating,
                        "comment_on_the_answer": r.rating_comment,
                    }
                    for r in HelpRequest.objects.filter(asked_by=user).select_related(
                        "local_government"
                    )
                ],
                "help_desk_messages": [
                    {
                        "request": m.request.subject,
                        "message": m.body,
                        "internal_note": m.is_internal,
                        "at": when(m.created_at),
                        "attachments": [a.name for a in m.attachments.all()],
                    }
                    for m in HelpMessage.objects.filter(author=user)
                    .select_related("request")
                    .prefetch_related("attachments")
                ],
                "needs_assessments_recorded": [
                    {
                        "city": a.local_government.name,
                        "assessed_on": when(a.assessed_on),
                        "current_capacities": a.current_capacities,
                        "support_requested": a.support_requested,
                    }
                    for a in NeedsAssessment.objects.filter(recorded_by=user).select_related(
                        "local_government"
                    )
                ],
            }
        }

    def own_records(self, subject: Subject, gathered) -> list[tuple[str, int]]:
        user = subject.user
        if user is None:
            return []
        return [
            *(
                ("hubs.helpmessage", pk)
                for pk in HelpMessage.objects.filter(author=user).values_list("pk", flat=True)
            ),
            *(
                ("hubs.helprequest", pk)
                for pk in HelpRequest.objects.filter(asked_by=user).values_list("pk", flat=True)
            ),
        ]

    def erase(self, subject: Subject, gathered) -> dict:
        """The person's messages lose their text and files (the thread keeps its shape:
        the others' answers stay readable), their ratings lose the comment, and the
        requests and assessments no longer name them. What the city needs stays: it is
        the city's, not the person's."""
        user = subject.user
        if user is None:
            return {}
        messages = HelpMessage.objects.filter(author=user)
        attachments = HelpAttachment.objects.filter(message__in=messages)
        for attachment in attachments:
            attachment.file.delete(save=False)
        removed = attachments.count()
        attachments.delete()
        erased = messages.update(body="", author=None)
        HelpRequest.objects.filter(asked_by=user).update(rating_comment="", asked_by=None)
        NeedsAssessment.objects.filter(recorded_by=user).update(recorded_by=None)
        return {"help_desk_messages": erased, "help_desk_attachments": removed}
