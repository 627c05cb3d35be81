"""Reminders of the membership lifecycle (sent by ``scn_portal.reminders``).

Each rule says who is due a reminder and for which occasion; the framework sends each
(rule, occasion, address) once, in the recipient's language.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.reminders.registry import Due, ReminderRule, register

from .models import LocalGovernment, Membership, Official, PrincipleVersion
from .selectors.people import management_unit_to_email


@register
class Recommitment(ReminderRule):
    """A new version of the guiding principles is in force: members committed to an older
    one are asked to recommit. Every active official with an account is told, once per
    city and version; the city stays a member meanwhile."""

    code = "members.recommitment"
    label = _("New guiding principles: members committed to an older version")
    template = "emails/reminders/recommitment"

    def due(self):
        current = PrincipleVersion.objects.current()
        if current is None:
            return
        # Committed to some earlier version, and to neither this one nor a later one.
        cities = (
            LocalGovernment.objects.members()
            .filter(commitments__version__effective_on__lt=current.effective_on)
            .exclude(commitments__version__effective_on__gte=current.effective_on)
        )
        officials = (
            Official.objects.reachable()
            .filter(local_government__in=cities.values("pk"))
            .select_related("person__user", "local_government")
            .order_by("local_government_id", "pk")
        )
        for official in officials.iterator(chunk_size=500):
            user = official.person.user
            city = official.local_government
            yield Due(
                user=user,
                email=user.email,
                occasion=f"recommit:{city.code}:{current.pk}",
                context={"city": city, "version": current},
            )


@register
class ApplicationWaitingForStaff(ReminderRule):
    """Applications under review for longer than ``after_days``: the Management Unit is
    reminded, once per application (and per submission, if it is sent back and resubmitted)."""

    code = "members.application_waiting_for_staff"
    label = _("Applications waiting for a decision for more than 14 days")
    template = "emails/reminders/application_waiting_for_staff"
    after_days = 14

    def due(self):
        cutoff = timezone.now() - timedelta(days=self.after_days)
        waiting = list(
            Membership.objects.filter(
                status=Membership.Status.UNDER_REVIEW, submitted_at__lte=cutoff
            )
            .select_related("local_government")
            .order_by("submitted_at", "pk")
        )
        if not waiting:
            return
        staff = list(management_unit_to_email())
        for membership in waiting:
            days = (timezone.now() - membership.submitted_at).days
            for user in staff:
                yield Due(
                    user=user,
                    email=user.email,
                    occasion=(f"waiting:{membership.pk}:{membership.submitted_at.isoformat()}"),
                    context={
                        "membership": membership,
                        "city": membership.local_government,
                        "days": days,
                    },
                )


@register
class IncompleteApplication(ReminderRule):
    """A draft application left for ``after_days`` without being submitted: the official
    who started it is reminded, once per draft (a later new draft has its own reminder)."""

    code = "members.incomplete_application"
    label = _("Applications started but not submitted after 7 days")
    template = "emails/reminders/incomplete_application"
    after_days = 7

    def due(self):
        cutoff = timezone.now() - timedelta(days=self.after_days)
        drafts = (
            Membership.objects.filter(
                status=Membership.Status.APPLICANT,
                application_started_at__lte=cutoff,
                submitted_at__isnull=True,
                applied_by__isnull=False,
                applied_by__is_active=True,
            )
            .select_related("local_government", "applied_by")
            .order_by("application_started_at", "pk")
        )
        for membership in drafts.iterator(chunk_size=500):
            user = membership.applied_by
            yield Due(
                user=user,
                email=user.email,
                occasion=(
                    f"incomplete:{membership.pk}:{membership.application_started_at.isoformat()}"
                ),
                context={"membership": membership, "city": membership.local_government},
            )
