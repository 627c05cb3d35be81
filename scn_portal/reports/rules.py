import rules

from scn_portal.accounts.rules import is_mu_staff


@rules.predicate
def is_requester(user, report) -> bool:
    return report is not None and report.requested_by_id == user.pk


rules.add_perm("reports.view_reportrequest", is_mu_staff | is_requester)
