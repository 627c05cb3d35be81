"""The portal's URLs and the floor: the cheapest page that still does what every public
page does (one indexed LIMIT query of the directory, a template rendered)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from members.selectors import directory
from scn_portal.urls import urlpatterns as portal_urlpatterns

FLOOR_TEMPLATE = engines["django"].from_string(
    "<ul>{% for city in cities %}<li>{{ city.name }}</li>{% endfor %}</ul>"
)


def floor(request):
    cities = directory.in_display_order(directory.listed_cities(), "en")[:20]
    return HttpResponse(FLOOR_TEMPLATE.render({"cities": list(cities)}))


urlpatterns = [path("bench/floor/", floor), *portal_urlpatterns]
