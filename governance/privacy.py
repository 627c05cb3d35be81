"""What governance holds about a person: ISC and co-chair terms, working groups, the
expert profile, reviews of and comments on minutes (see ``scn_portal.privacy``)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.privacy.registry import PersonalData, Subject, register
from scn_portal.privacy.services import when

from .models import (
    CoChairTerm,
    Expert,
    ExpertEngagement,
    IscTerm,
    MinutesComment,
    MinutesReview,
    WorkingGroupMembership,
)


@register
class GovernanceData(PersonalData):
    code = "governance"
    order = 20
    audit_fields = {
        "governance.expert": ("expertise", "availability", "languages"),
        # What staff wrote about why the person's term ended early.
        "governance.iscterm": ("end_note",),
        "governance.cochairterm": ("end_note",),
    }

    def export(self, subject: Subject) -> dict:
        person, user = subject.record, subject.user
        data = {
            "isc_terms": [
                {
                    "city": t.local_government.name,
                    "starts_on": when(t.starts_on),
                    "ends_on": when(t.ends_on),
                    "capacity": t.capacity,
                    "ended_early_because": t.end_reason,
                    "about_the_early_end": t.end_note,
                }
                for t in IscTerm.objects.filter(person=person).select_related("local_government")
            ],
            "co_chair_terms": [
                {
                    "city": t.local_government.name,
                    "starts_on": when(t.starts_on),
                    "ends_on": when(t.ends_on),
                    "decided_on": when(t.decided_on),
                    "method": t.method,
                    "ended_early_because": t.end_reason,
                }
                for t in CoChairTerm.objects.filter(person=person).select_related(
                    "local_government"
                )
            ],
            "working_groups": [
                {"group": m.group.topic, "status": m.status, "requested_at": when(m.requested_at)}
                for m in WorkingGroupMembership.objects.filter(person=person).select_related(
                    "group"
                )
            ],
            "expert": None,
        }
        expert = Expert.objects.filter(person=person).first()
        if expert is not None:
            data["expert"] = {
                "profile": expert.profile,
                "expertise": expert.expertise,
                "languages": expert.languages,
                "availability": expert.availability,
                "engagements": [
                    {
                        "kind": e.kind,
                        "for": e.engaged_for,
                        "starts_on": when(e.starts_on),
                        "ends_on": when(e.ends_on),
                        "outcome": e.outcome,
                    }
                    for e in ExpertEngagement.objects.filter(expert=expert)
                ],
            }
        if user is not None:
            data["user_account"] = {
                "minutes_reviews": [
                    {"minutes": str(r.minutes), "answer": r.verdict, "at": when(r.at)}
                    for r in MinutesReview.objects.filter(reviewer=user).select_related("minutes")
                ],
                "minutes_comments": [
                    {
                        "minutes": str(c.minutes),
                        "comment": c.text,
                        "at": when(c.created_at),
                        "resolution": c.resolution,
                    }
                    for c in MinutesComment.objects.filter(author=user).select_related("minutes")
                ],
            }
        return data

    def erasure_refused(self, subject: Subject):
        """A current ISC seat or co-chair term is ended first (``end_isc_term``)."""
        today = timezone.localdate()
        current = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        person = subject.record
        if (
            IscTerm.objects.filter(current, person=person).exists()
            or CoChairTerm.objects.filter(current, person=person).exists()
        ):
            return _(
                "%(name)s holds a current ISC seat or co-chair term. End the term "
                "first; the erasure is then possible."
            ) % {"name": person.full_name}
        return None

    def keeps_person(self, subject: Subject) -> bool:
        person = subject.record
        return (
            IscTerm.objects.filter(person=person).exists()
            or CoChairTerm.objects.filter(person=person).exists()
            or Expert.objects.filter(person=person).exists()
        )

    def own_records(self, subject: Subject, gathered) -> list[tuple[str, int]]:
        person = subject.record
        return [
            *(
                ("governance.expert", pk)
                for pk in Expert.objects.filter(person=person).values_list("pk", flat=True)
            ),
            *(
                ("governance.iscterm", pk)
                for pk in IscTerm.objects.filter(person=person).values_list("pk", flat=True)
            ),
            *(
                ("governance.cochairterm", pk)
                for pk in CoChairTerm.objects.filter(person=person).values_list("pk", flat=True)
            ),
        ]

    def erase(self, subject: Subject, gathered) -> dict:
        """The expert profile keeps no expertise, availability or languages, and ends.
        ISC terms, reviews and comments stay: others need them ("a former member"); a
        term keeps why it ended early, not what staff wrote about it."""
        for model in (IscTerm, CoChairTerm):
            model.objects.filter(person=subject.record).exclude(end_note="").update(end_note="")
        expert = Expert.objects.filter(person=subject.record).first()
        if expert is not None:
            expert.expertise = expert.availability = ""
            expert.languages = []
            expert.is_active = False
            expert.save()
        return {"expert_profile": expert is not None}
