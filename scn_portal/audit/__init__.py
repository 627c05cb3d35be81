"""The audit trail: who changed what, when, from where, before and after.

Apps declare the models whose changes must be answerable for (``registry.register``,
in each app's ``audit.py``); every save, deletion and many-to-many change of those
models then writes one ``AuditEntry`` in the same transaction, whether it comes from a
page, a bulk admin action, a Celery task or a management command. The request
middleware and the task signals say who and from where (``context.py``).
"""
