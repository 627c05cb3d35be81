from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """An SMTP relay that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("relay refused the connection")
