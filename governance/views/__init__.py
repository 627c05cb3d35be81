"""Pages of governance, one module per sub-domain.

Views are thin: they find the object through a ``get_…_for_user`` helper (404 when the
person may not see it), ask ``governance.rules``, and call the services for every change
(always a POST). A refusal is shown on the page with its translated message.
"""
