"""Reads about people: who is told when something waits for the Management Unit."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet


def management_unit_to_email() -> QuerySet:
    """Management Unit staff (``User.objects.mu_staff()``, the same people as
    ``accounts.rules.is_mu_staff``) who have an address to write to, in a stable order."""
    return get_user_model().objects.mu_staff().exclude(email="").order_by("pk")
