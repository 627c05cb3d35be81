import rules

from scn_portal.accounts.rules import is_mu_staff

# The whole trail spans every region: Management Unit staff and superusers read it;
# hub staff see the history of the records their region's admin shows them.
rules.add_perm("audit.view_auditentry", is_mu_staff)
