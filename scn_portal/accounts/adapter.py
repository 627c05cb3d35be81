from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from .signals import log_refused_sign_in
from .tasks import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """The client's address as the audit trail derives it: behind the reverse proxies
        that ``TRUSTED_PROXY_COUNT`` names, from X-Forwarded-For. Every rate limit keys on
        it, so ten bad sign-ins through the proxy lock out that client, not everyone."""
        from scn_portal.audit.context import client_ip

        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address")
        return ip

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # The limit on failed sign-ins per account counts per account *and* client address:
        # strangers guessing a password slow themselves down; the owner, from their own
        # address, still signs in (the per-address limit stops a guesser on every account).
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def get_login_redirect_url(self, request) -> str:
        """Staff open on what waits for them today; everyone else on their dashboard."""
        from django.urls import reverse

        from .rules import works_for_the_network

        if works_for_the_network(request.user):
            return reverse("workqueue:queue")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context) -> None:
        """Write the email here (it needs the request), send it from a task.

        Sign-up then answers in the same time whether or not the address is known: the
        mail relay's delay is nobody's clue (and ``forms.SignupForm`` does the same work
        for a known address as for a new one).
        """
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        queue_email(message)

    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: reminders use it.
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        # The name the sign-up form asks for (``forms.SignupForm``).
        full_name = getattr(form, "cleaned_data", {}).get("full_name")
        if full_name:
            user.full_name = full_name
        return super().save_user(request, user, form, commit=commit)

    def pre_authenticate(self, request, **credentials):
        # allauth refuses a rate-limited sign-in here, before user_login_failed: log it.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            log_refused_sign_in(request, credentials)
            raise
