"""The ISC's minutes as a PDF, through the report framework's kind and renderer.

The kind "minutes" is registered so the framework knows its template and context, but
nobody requests it from the generic report form (which asks only for a kind and a
language, not for which minutes): ``may_request`` is always false. Published minutes
are public, so ``governance.views.minutes.minutes_pdf`` renders the kind directly with
``render_pdf``, without an account or a queue (see there why).
"""

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from scn_portal.reports.registry import ReportKind, register
from scn_portal.reports.rendering import render_pdf

from .models import Minutes
from .selectors.meetings import local_start

MINUTES = "minutes"


def minutes_context(parameters: dict) -> dict:
    """Context of one version of published minutes in the active language.

    ``parameters``: ``{"minutes": "<code>"}``. Only published minutes are rendered.
    """
    minutes = (
        Minutes.objects.select_related("meeting", "previous")
        .prefetch_related("items__agenda_item")
        .get(code=parameters["minutes"], status=Minutes.Status.PUBLISHED)
    )
    language = translation.get_language()
    field = f"text_{language}"
    items = [(item.agenda_item, getattr(item, field) or "") for item in minutes.items.all()]
    return {
        "minutes": minutes,
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
    """The PDF of published ``minutes`` in ``language`` (cached: published never changes)."""
    if minutes.status != Minutes.Status.PUBLISHED:
        raise ValueError("only published minutes are rendered")
    key = f"governance:minutes-pdf:v1:{minutes.code}:{language}"
    pdf = cache.get(key)
    if pdf is None:
        from scn_portal.reports import registry

        kind = registry.get(MINUTES)
        with translation.override(language):
            context = kind.build_context({"minutes": str(minutes.code)})
        pdf = render_pdf(template=kind.template, context=context, language=language)
        cache.set(key, pdf, timeout=60 * 60 * 24 * 30)
    return pdf
