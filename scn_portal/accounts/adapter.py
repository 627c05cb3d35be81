from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from .signals import log_refused_sign_in


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: reminders use it.
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def pre_authenticate(self, request, **credentials):
        # allauth refuses a rate-limited sign-in here, before user_login_failed: log it.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            log_refused_sign_in(request, credentials)
            raise
