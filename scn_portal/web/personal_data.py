"""Everything the portal holds about one person, for a subject-access request (JSON).

Gathered across the apps (which is why it lives in the project's wiring, not in an app):
the person's record, their user account and sign-in sessions, the cities they act for,
their claims, ISC terms, co-chair terms, expert profile and engagements, working groups,
minutes reviews and comments, reminders sent and reports requested. Secrets (password
hashes, second-factor keys, session keys) are never included.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from governance.models import (
    CoChairTerm,
    ExpertEngagement,
    IscTerm,
    MinutesComment,
    MinutesReview,
    WorkingGroupMembership,
)
from members.models import ActingClaim, Commitment, Official, Person
from scn_portal.reminders.models import ReminderDelivery
from scn_portal.reports.models import ReportRequest


def _when(value):
    return value.isoformat() if value else None


def export_person(person: Person) -> dict:
    user = person.user
    data: dict = {
        "person": {
            "code": str(person.code),
            "full_name": person.full_name,
            "email": person.email,
            "gender": person.gender,
            "title": person.title,
        },
        "acts_for": [
            {
                "city": o.local_government.name,
                "country": o.local_government.country.code,
                "role": o.role,
                "active": o.is_active,
            }
            for o in Official.objects.filter(person=person).select_related("local_government")
        ],
        "isc_terms": [
            {
                "city": t.local_government.name,
                "starts_on": _when(t.starts_on),
                "ends_on": _when(t.ends_on),
                "capacity": t.capacity,
            }
            for t in IscTerm.objects.filter(person=person).select_related("local_government")
        ],
        "co_chair_terms": [
            {
                "city": t.local_government.name,
                "starts_on": _when(t.starts_on),
                "ends_on": _when(t.ends_on),
                "decided_on": _when(t.decided_on),
                "method": t.method,
            }
            for t in CoChairTerm.objects.filter(person=person).select_related("local_government")
        ],
        "working_groups": [
            {"group": m.group.topic, "status": m.status, "requested_at": _when(m.requested_at)}
            for m in WorkingGroupMembership.objects.filter(person=person).select_related("group")
        ],
        "expert": None,
        "user_account": None,
    }
    expert = getattr(person, "expert", None) if hasattr(person, "expert") else None
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
                    "starts_on": _when(e.starts_on),
                    "ends_on": _when(e.ends_on),
                    "outcome": e.outcome,
                }
                for e in ExpertEngagement.objects.filter(expert=expert)
            ],
        }
    if user is not None:
        data["user_account"] = {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_active": user.is_active,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
            "second_factors": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
            "sessions": [
                {
                    "ip": s.ip,
                    "user_agent": s.user_agent,
                    "created_at": _when(s.created_at),
                    "last_seen_at": _when(s.last_seen_at),
                }
                for s in UserSession.objects.filter(user=user)
            ],
            "claims_to_act_for_a_city": [
                {
                    "city": c.local_government.name,
                    "role": c.role,
                    "status": c.status,
                    "asked_at": _when(c.created_at),
                    "note": c.note,
                }
                for c in ActingClaim.objects.filter(user=user).select_related("local_government")
            ],
            "commitments_submitted": [
                {
                    "city": c.local_government.name,
                    "version": c.version.label,
                    "signatory": c.signatory_name,
                    "signed_on": _when(c.signed_on),
                }
                for c in Commitment.objects.filter(submitted_by=user).select_related(
                    "local_government", "version"
                )
            ],
            "minutes_reviews": [
                {"minutes": str(r.minutes), "answer": r.verdict, "at": _when(r.at)}
                for r in MinutesReview.objects.filter(reviewer=user).select_related("minutes")
            ],
            "minutes_comments": [
                {
                    "minutes": str(c.minutes),
                    "comment": c.text,
                    "at": _when(c.created_at),
                    "resolution": c.resolution,
                }
                for c in MinutesComment.objects.filter(author=user).select_related("minutes")
            ],
            "reminders_sent": [
                {"rule": d.rule, "email": d.email, "status": d.status, "sent_at": _when(d.sent_at)}
                for d in ReminderDelivery.objects.filter(recipient=user)
            ],
            "reports_requested": [
                {"kind": r.kind, "language": r.language, "requested_at": _when(r.requested_at)}
                for r in ReportRequest.objects.filter(requested_by=user)
            ],
        }
    return data
