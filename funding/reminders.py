"""Funding reminders (sent hourly by ``scn_portal.reminders``, once per occasion, in each
recipient's language): agreements to renew, instalments that are overdue, and the reports
a city owes on its grant from the Technical Support Fund."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from members.models import Official
from members.selectors.people import management_unit_to_email
from scn_portal.reminders.registry import Due, ReminderRule, register

from .models import Agreement, FundApplication, FundReport
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


@register
class GrantReportDue(ReminderRule):
    """A report a city owes on its grant (interim or final), not received yet: the city's
    officials are told two weeks before it is due, and once when it is overdue.

    Only grants being delivered (approved or in delivery) count: a closed grant owes
    nothing. The occasions name the report and its due date, so a report whose date is
    moved is announced again, and nothing twice otherwise.
    """

    code = "funding.grant_report_due"
    label = _("Fund grant reports due in two weeks, and overdue")
    template = "emails/reminders/grant_report_due"
    notice_days = 14

    def due(self):
        today = timezone.localdate()
        reports = list(
            FundReport.objects.filter(
                submitted_at__isnull=True,
                due_on__lte=today + timedelta(days=self.notice_days),
                application__status__in=(
                    FundApplication.Status.APPROVED,
                    FundApplication.Status.IN_DELIVERY,
                ),
            )
            .select_related("application__local_government")
            .order_by("due_on", "pk")
        )
        if not reports:
            return
        officials: dict[int, list] = {}
        for official in (
            Official.objects.reachable()
            .filter(local_government__in={r.application.local_government_id for r in reports})
            .select_related("person__user")
            .order_by("pk")
        ):
            officials.setdefault(official.local_government_id, []).append(official.person.user)
        for report in reports:
            overdue_days = (today - report.due_on).days
            step = "overdue" if overdue_days > 0 else "soon"
            application = report.application
            url = _report_url(application.code, report.kind)
            seen = set()
            for user in officials.get(application.local_government_id, []):
                if not user.email or user.pk in seen:
                    continue
                seen.add(user.pk)
                yield Due(
                    user=user,
                    email=user.email,
                    occasion=f"fund-report:{report.pk}:{report.due_on:%Y-%m-%d}:{step}",
                    context={
                        "report": report,
                        "application": application,
                        "city": application.local_government,
                        "overdue_days": max(overdue_days, 0),
                        "report_url": url,
                    },
                )


def _report_url(code, kind):
    """The report's page in the portal, in the language the email is written in."""
    return lazy(
        lambda: settings.SITE_URL + reverse("fund:report", kwargs={"code": code, "kind": kind}),
        str,
    )()
