import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scn_portal.settings")
application = get_wsgi_application()

from scn_portal.long_lived import freeze_after, load_at_start  # noqa: E402  (Django is set up)

load_at_start()
freeze_after(settings.WEB_GC_FREEZE_AFTER_REQUESTS)
