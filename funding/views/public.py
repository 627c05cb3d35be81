"""Funding's public pages: where the money comes from (page and CSV), the IATI activity
file, and the partners that agreed to be listed."""

import csv

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scn_portal.web.page_cache import public_page

from ..iati import activity_file
from ..models import Partner
from ..selectors.transparency import public_year, public_years


def _year(request, years: list[int]) -> int | None:
    raw = request.GET.get("year")
    if raw is None:
        return years[0] if years else None
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if year not in years:
        raise Http404
    return year


@require_GET
@public_page
def transparency(request):
    """Public: the year's funding sources, each donor as it asked to be named."""
    years = public_years()
    year = _year(request, years)
    return render(
        request,
        "funding/public/transparency.html",
        {"years": years, "page": public_year(year) if year else None},
    )


@require_GET
def transparency_csv(request, year: int):
    """Public: the same lines as the page, as CSV."""
    if year not in public_years():
        raise Http404
    page = public_year(year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="funding-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Source"),
            _("Kind"),
            _("Original amount"),
            _("Currency"),
            _("Rate date"),
            _("Financial (USD)"),
            _("In-kind (USD)"),
            _("Earmarked (USD)"),
        ]
    )
    for line in page.lines:
        writer.writerow(
            [
                line.source,
                line.kind,
                line.original.amount if line.original else "",
                str(line.original.currency) if line.original else "",
                line.rate_on.isoformat() if line.rate_on else "",
                line.financial_usd,
                line.in_kind_usd,
                line.restricted_usd,
            ]
        )
    writer.writerow([_("Total"), "", "", "", "", page.financial_usd, page.in_kind_usd, ""])
    return response


@require_GET
def iati_activities(request):
    """Public, at a stable address without a language: the IATI 2.03 activity file."""
    return HttpResponse(activity_file(), content_type="application/xml; charset=utf-8")


@require_GET
@public_page
def partners(request):
    """Public: the partners that agreed to be listed, with their logo and link."""
    listed = (
        Partner.objects.public().select_related("organisation").prefetch_related("partnerships")
    )
    return render(request, "funding/public/partners.html", {"partners": list(listed)})


@require_GET
def partner_logo(request, code):
    """A listed partner's logo (unlisted partners' logos are not served)."""
    partner = get_object_or_404(Partner.objects.public(), code=code)
    if not partner.logo:
        raise Http404
    response = FileResponse(partner.logo.open("rb"))
    response["Content-Type"] = _image_type(partner.logo)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _image_type(file) -> str:
    file.open("rb")
    head = file.read(8)
    file.seek(0)
    return "image/png" if head.startswith(b"\x89PNG") else "image/jpeg"
