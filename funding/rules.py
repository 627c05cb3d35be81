"""Who may do what with funding: the ledger, dashboards and donor reports are the
Management Unit's; the transparency page, the IATI file and public partners are public."""

import rules

from scn_portal.accounts.rules import is_mu_staff

rules.add_perm("funding.view_dashboard", is_mu_staff)
rules.add_perm("funding.request_donor_report", is_mu_staff)
