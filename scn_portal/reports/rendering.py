from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(*, template: str, context: dict, language: str) -> bytes:
    """Render a print template to PDF in ``language`` (right-to-left for Arabic)."""
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            template,
            {
                **context,
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "report_font_family": settings.REPORT_FONT_FAMILY,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
