"""Every change of state in governance, one module per sub-domain (``isc``, ``meetings``,
``minutes``, ``groups``, ``experts``). Import the module you need:
``from governance.services import isc as isc_services``.

A service takes keyword-only arguments, runs in a transaction, checks its rules and
raises ``governance.errors.GovernanceError`` (a translated message) when one fails;
nothing is saved then. It names the event of the audit entries it writes
(``governance.audit``).
"""
