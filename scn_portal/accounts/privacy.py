"""What the portal holds about a person's account: addresses, second factors, sessions."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.utils import timezone

from scn_portal.privacy.registry import PersonalData, Subject, register
from scn_portal.privacy.services import when

from .services import end_all_sessions


@register
class AccountData(PersonalData):
    code = "accounts"
    order = 1000  # last: the other parts find the person's records through the account
    audit_fields = {"accounts.user": ("email", "full_name")}

    def export(self, subject: Subject) -> dict:
        user = subject.user
        if user is None:
            return {"user_account": None}
        return {
            "user_account": {
                "email": user.email,
                "full_name": user.full_name,
                "language": user.language,
                "date_joined": when(user.date_joined),
                "last_login": when(user.last_login),
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
                        "created_at": when(s.created_at),
                        "last_seen_at": when(s.last_seen_at),
                    }
                    for s in UserSession.objects.filter(user=user)
                ],
            }
        }

    def own_records(self, subject: Subject, gathered) -> list[tuple[str, int]]:
        return [] if subject.user is None else [("accounts.user", subject.user.pk)]

    def erase(self, subject: Subject, gathered) -> dict:
        """Sign the account out everywhere and leave it nothing to sign in with."""
        user = subject.user
        if user is None:
            return {}
        sessions = end_all_sessions(user=user)
        UserSession.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        user.email = f"erased-{user.pk}@erased.invalid"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.erased_at = timezone.now()
        user.save()
        return {"sessions_ended": sessions}
