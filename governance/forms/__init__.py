"""Forms of governance (the portal's and the admin's), one module per sub-domain.

Forms collect input; the rules are the services'. A form that saves through a service
asks the service's ``check_…`` function in ``clean`` (``scn_portal.web.forms.ChecksWithService``),
so a refusal shows as a form error, beside its field when it names one, before anything
is saved (see ``scn_portal.web.admin_saving``).
"""
