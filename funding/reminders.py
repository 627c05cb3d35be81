"""Funding reminders (sent hourly by ``scn_portal.reminders``, once per occasion, in each
recipient's language): agreements to renew, and instalments that are overdue."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.selectors.people import management_unit_to_email
from scn_portal.reminders.registry import Due, ReminderRule, register

from .models import Agreement
from .selectors.ledger import overdue_instalments

# The longest notice an agreement can ask for (``renewal_notice_days`` is smaller).
LONGEST_NOTICE_DAYS = 366


@register
class AgreementRenewal(ReminderRule):
    """An agreement with a partner ends within its notice period: the Management Unit is
    told once per agreement and end date (a new end date is a new occasion)."""

    code = "funding.agreement_renewal"
    label = _("Partner agreements ending within their renewal notice")
    template = "emails/reminders/agreement_renewal"

    def due(self):
        today = timezone.localdate()
        agreements = [
            agreement
            for agreement in Agreement.objects.filter(
                ends_on__gte=today, ends_on__lte=today + timedelta(days=LONGEST_NOTICE_DAYS)
            )
            .select_related("partner__organisation")
            .order_by("ends_on", "pk")
            if (agreement.ends_on - today).days <= agreement.renewal_notice_days
        ]
        if not agreements:
            return
        staff = list(management_unit_to_email())
        for agreement in agreements:
            for user in staff:
                yield Due(
                    user=user,
                    email=user.email,
                    occasion=f"agreement-renewal:{agreement.code}:{agreement.ends_on:%Y-%m-%d}",
                    context={"agreement": agreement},
                )


@register
class InstalmentOverdue(ReminderRule):
    """A donor's instalment is past due and not covered by what was received: the
    Management Unit is told once per instalment."""

    code = "funding.instalment_overdue"
    label = _("Donor instalments overdue")
    template = "emails/reminders/instalment_overdue"

    def due(self):
        overdue = overdue_instalments(timezone.localdate())
        if not overdue:
            return
        staff = list(management_unit_to_email())
        for item in overdue:
            for user in staff:
                yield Due(
                    user=user,
                    email=user.email,
                    occasion=f"instalment-overdue:{item.instalment.pk}:{item.instalment.due_on}",
                    context={"item": item, "contribution": item.contribution},
                )
