"""User accounts in the audit trail: status, staff flags and groups (roles), no secrets."""

from django.contrib.auth import get_user_model

from scn_portal.audit.registry import register

register(get_user_model(), exclude=("password", "last_login"), m2m=("groups", "user_permissions"))
