"""Every change of state of the members app, one module per sub-domain.

Services take keyword-only arguments, run in a transaction, check their own rules and
raise ``members.errors.MembershipError`` (a ValidationError with a translated message)
when a rule refuses. Callers (views, admin, tasks) import the sub-module they need
(``from members.services import applications``); nothing is re-exported here.

The modules depend on each other in one direction only: ``memberships`` (the state
machine) ← ``screening`` (the disputed-territory check) ← ``locations`` ← ``cities`` and
``applications``; ``commitments``, ``claims``, ``people`` and ``invitations`` stand
beside them.
"""
