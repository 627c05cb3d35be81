"""Every change of state of the members app, one module per sub-domain.

Services take keyword-only arguments, run in a transaction, check their own rules, name
the audit event of what they write (``members/audit.py``) and raise
``members.errors.MembershipError`` (a ValidationError with a translated message) when a
rule refuses. Callers (views, the admin, tasks) import the sub-module they need
(``from members.services import applications``); nothing is re-exported here.

The modules depend on each other in one direction only: ``certificates`` ←
``memberships`` (the state machine) ← ``screening`` (the disputed-territory check) ←
``locations`` ← ``cities`` ← ``applications``; ``people`` ← ``claims``; ``decisions``
(what staff's decisions share), ``commitments``, ``invitations`` and ``principles`` stand
beside them.
"""
