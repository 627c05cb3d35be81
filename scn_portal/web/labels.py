"""Names the portal shows that come from the packages it uses, kept in its own catalogue.

Where a package has no translation (django-celery-beat has no Arabic) or a wrong one
(allauth's Arabic names its two-factor section «وزارة الخارجية», the Ministry of Foreign
Affairs), the portal's catalogue wins: ``LOCALE_PATHS`` comes before every package's. The
strings are listed here so that ``makemessages`` keeps them in the catalogue; a test
checks that every heading of the admin reads in each language.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_LABELS = [
    # allauth
    gettext_noop("MFA"),
    gettext_noop("authenticator"),
    gettext_noop("authenticators"),
    gettext_noop("User Sessions"),
    gettext_noop("user session"),
    gettext_noop("user sessions"),
    # django-celery-beat
    gettext_noop("Periodic Tasks"),
    gettext_noop("periodic task"),
    gettext_noop("periodic tasks"),
    gettext_noop("clocked"),
    gettext_noop("crontab"),
    gettext_noop("crontabs"),
    gettext_noop("interval"),
    gettext_noop("intervals"),
    gettext_noop("solar event"),
    gettext_noop("solar events"),
]
