"""Who may do what with funding: the ledger, dashboards and donor reports are the
Management Unit's; the transparency page, the IATI file and public partners are public.

The Technical Support Fund: a city's officials apply for it and follow their applications; a
reviewer sees only the reviews they are asked for; Management Unit staff screen and decide
every application, hub staff screen their hub's. Staff's own rights
(``screen_fundapplication``, ``decide_fundapplication``) are Django permissions of their
group."""

import rules

from members.rules import is_official_of
from scn_portal.accounts.rules import is_mu_staff

rules.add_perm("funding.view_dashboard", is_mu_staff)
rules.add_perm("funding.request_donor_report", is_mu_staff)
rules.add_perm("funding.request_fee_invoice", is_mu_staff)


@rules.predicate
def is_official_of_applicant(user, application) -> bool:
    return application is not None and is_official_of(user, application.local_government)


@rules.predicate
def is_draft(user, application) -> bool:
    return application is not None and application.is_draft


@rules.predicate
def is_withdrawable(user, application) -> bool:
    return application is not None and application.status in application.WITHDRAWABLE


@rules.predicate
def is_granted(user, application) -> bool:
    return application is not None and application.status in application.COMMITTED


@rules.predicate
def is_reviewer(user, review) -> bool:
    return (
        review is not None
        and bool(user)
        and user.is_authenticated
        and user.is_active
        and review.reviewer_id == user.pk
    )


@rules.predicate
def works_for_hub_of(user, application) -> bool:
    if application is None or application.hub_id is None or not user.is_authenticated:
        return False
    return application.hub.staff.filter(user=user).exists() and application.hub.is_active


@rules.predicate
def may_screen(user) -> bool:
    return bool(user) and user.has_perm("funding.screen_fundapplication")


@rules.predicate
def may_decide(user) -> bool:
    return bool(user) and user.has_perm("funding.decide_fundapplication")


# A city's pages of the fund: apply (the city is the object), follow, change a draft.
rules.add_perm("funding.apply_to_fund", is_official_of)
rules.add_perm("funding.view_fund_application", is_official_of_applicant)
rules.add_perm("funding.edit_fund_application", is_official_of_applicant & is_draft)
rules.add_perm("funding.withdraw_fund_application", is_official_of_applicant & is_withdrawable)
rules.add_perm("funding.get_grant_letter", (is_official_of_applicant | is_mu_staff) & is_granted)
rules.add_perm("funding.report_on_grant", is_official_of_applicant & is_granted)
# A reviewer's own review.
rules.add_perm("funding.give_review", is_reviewer)
# Staff in the admin: screen (MU, or the hub's staff), decide (MU).
rules.add_perm("funding.screen_application", may_screen & (is_mu_staff | works_for_hub_of))
rules.add_perm("funding.decide_application", may_decide & is_mu_staff)
# Who delivers a grant (hub, activities, experts): the Management Unit, or the staff of the
# hub delivering it (for their own hub only: the form offers them no other).
rules.add_perm("funding.record_delivery", is_mu_staff | works_for_hub_of)
