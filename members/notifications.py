"""Emails to a city's officials when its membership changes, each in their own language."""


def send_decision_email(*, transition) -> None:
    """Placeholder replaced by the admin work: sends nothing yet."""
    return None
