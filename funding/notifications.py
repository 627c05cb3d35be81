"""Emails of the Technical Support Fund, each in its recipient's language, sent through
``scn_portal.reminders.delivery`` (claimed once per decision and address, so a task that
runs twice emails each person once).

``send_fund_decision`` tells the applying city's officials what staff decided (returned
for more information, screened, approved, declined, closed), with the reasons.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from members.models import Official
from scn_portal.reminders.delivery import Outcome, deliver
from scn_portal.task_options import EMAIL_ERRORS

from .models import FundApplication, FundTransition

S = FundApplication.Status
NEXT_STEPS = {
    S.DRAFT: _("Complete the application in the portal and submit it again."),
    S.SCREENED: _("The application goes to review; you will hear of the decision."),
    S.APPROVED: _(
        "The grant letter is ready in the portal. The reports the grant asks for are listed "
        "there with their due dates."
    ),
    S.DECLINED: _("The reasons are given below."),
    S.CLOSED: _("Thank you for the reports: the grant is closed."),
}
del S
DECISION_RULE = "funding.fund_decision"


def recipients(application: FundApplication) -> list:
    """Active users among the city's reachable officials, and whoever started the draft."""
    users = {}
    officials = (
        Official.objects.reachable()
        .filter(local_government_id=application.local_government_id)
        .select_related("person__user")
    )
    for official in officials:
        users[official.person.user.pk] = official.person.user
    if application.created_by is not None and application.created_by.is_active:
        users.setdefault(application.created_by.pk, application.created_by)
    return [user for user in users.values() if user.email]


def _application_url(application: FundApplication):
    def url() -> str:
        return settings.SITE_URL + reverse("fund:application", kwargs={"code": application.code})

    return lazy(url, str)()


def send_fund_decision(*, transition: FundTransition) -> int:
    """Email the city's officials about a decision of staff; returns how many were sent."""
    transition = FundTransition.objects.select_related(
        "application__local_government", "application__created_by"
    ).get(pk=transition.pk)
    application = transition.application
    city = application.local_government
    context = {
        "city_name": lazy(lambda: city.name, str)(),
        "title": application.title,
        "status": lazy(lambda: str(FundApplication.Status(transition.to_status).label), str)(),
        "reason": transition.reason,
        "amount": application.approved_usd
        if transition.to_status == FundApplication.Status.APPROVED
        else None,
        "conditions": application.conditions
        if transition.to_status == FundApplication.Status.APPROVED
        else "",
        "next_step": NEXT_STEPS.get(transition.to_status, ""),
        "application_url": _application_url(application),
    }
    outcome = Outcome()
    for user in recipients(application):
        outcome.add(
            deliver(
                rule=DECISION_RULE,
                occasion=f"fund_transition:{transition.pk}",
                template="emails/fund_decision",
                context=context,
                user=user,
            )
        )
    for error in outcome.errors:
        if isinstance(error, EMAIL_ERRORS):
            raise error
    return outcome.sent
