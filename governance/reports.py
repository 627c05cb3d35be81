"""The ISC's minutes as a PDF, through the report framework's kind and renderer.

The kind "minutes" is registered so the framework knows its template and context, but
nobody requests it from the generic report form (which asks only for a kind and a
language, not for which minutes): ``may_request`` is always false. Published minutes
are public, so ``governance.views.minutes.minutes_pdf`` renders the kind directly with
``render_pdf``, without an account or a queue (see there why).
"""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from scn_portal.reports.registry import ReportKind, register
from scn_portal.reports.rendering import render_pdf

from .models import Minutes
from .selectors.meetings import local_start
from .selectors.minutes import newer_published_version

MINUTES = "minutes"


def minutes_context(parameters: dict) -> dict:
    """Context of one version of published minutes in the active language.

    ``parameters``: ``{"minutes": "<code>"}``. Only published minutes are rendered. An
    older version names the newer one and its address, so a printed copy says it has
    been corrected.
    """
    minutes = (
        Minutes.objects.select_related("meeting", "previous")
        .prefetch_related("items__agenda_item")
        .get(code=parameters["minutes"], status=Minutes.Status.PUBLISHED)
    )
    language = translation.get_language()
    field = f"text_{language}"
    items = [(item.agenda_item, getattr(item, field) or "") for item in minutes.items.all()]
    newer = newer_published_version(minutes)
    return {
        "minutes": minutes,
        "newer": newer,
        "newer_url": (
            settings.SITE_URL + reverse("governance:minutes_detail", kwargs={"code": newer.code})
            if newer is not None
            else ""
        ),
        "meeting": minutes.meeting,
        "local_start": local_start(minutes.meeting),
        "items": items,
        "generated_at": minutes.published_at,
        "title": _("Minutes of the International Steering Committee"),
    }


def _never(user) -> bool:
    return False


register(
    ReportKind(
        code=MINUTES,
        title=_("ISC minutes"),
        template="print/minutes.html",
        build_context=minutes_context,
        may_request=_never,
    )
)


def minutes_pdf_filename(minutes: Minutes, language: str) -> str:
    return f"isc-minutes-{minutes.meeting.starts_at:%Y-%m-%d}-v{minutes.version}-{language}.pdf"


def minutes_pdf_bytes(minutes: Minutes, language: str) -> bytes:
    """The PDF of published ``minutes`` in ``language``, cached: published minutes never
    change, but a newer version makes an older one's PDF name it (the key says which)."""
    if minutes.status != Minutes.Status.PUBLISHED:
        raise ValueError("only published minutes are rendered")
    newer = newer_published_version(minutes)
    newer_code = newer.code if newer is not None else "-"
    key = f"governance:minutes-pdf:v2:{minutes.code}:{newer_code}:{language}"
    pdf = cache.get(key)
    if pdf is None:
        from scn_portal.reports import registry

        kind = registry.get(MINUTES)
        with translation.override(language):
            context = kind.build_context({"minutes": str(minutes.code)})
        pdf = render_pdf(template=kind.template, context=context, language=language)
        cache.set(key, pdf, timeout=60 * 60 * 24 * 30)
    return pdf
