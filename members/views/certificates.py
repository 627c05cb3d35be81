"""The public page that says whether a membership certificate is genuine.

It is found only through the verification code printed on the certificate (as a link and
a QR code): nothing lists certificates, search engines are asked not to index the page,
and an unknown code answers 404 with a page that says nothing more. The code holds 160
random bits, so trying codes is pointless; the certificate's number opens nothing. The
city's name is shown because whoever has the code holds the certificate, which names it
— even a city that asked not to be listed in the directory.
"""

from functools import wraps

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..selectors import certificates

NOINDEX = "noindex, nofollow, noarchive"


def noindex(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = NOINDEX
        return response

    return wrapped


@require_GET
@never_cache
@noindex
def verify_certificate(request, code):
    certificate = certificates.certificate_by_code(code)
    if certificate is None:
        return render(
            request, "members/certificates/unknown.html", {"noindex": NOINDEX}, status=404
        )
    return render(
        request,
        "members/certificates/verification.html",
        {"verification": certificates.verify(certificate), "noindex": NOINDEX},
    )
