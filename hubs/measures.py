"""The regional hub as a way to split MEL's figures (``scn_portal.mel.registry``): a hub's
figure is that of the regions it covers."""

from django.utils.translation import gettext_lazy as _

from scn_portal.mel.registry import HUB, Dimension, DimensionOption, register_dimension

from .models import Hub


def _hubs() -> list[DimensionOption]:
    regions: dict[int, set[int]] = {}
    hubs = list(Hub.objects.filter(is_active=True).order_by("name"))
    for hub_id, region_id in Hub.regions.through.objects.filter(
        hub__in=[h.pk for h in hubs]
    ).values_list("hub_id", "region_id"):
        regions.setdefault(hub_id, set()).add(region_id)
    return [
        DimensionOption(
            code=hub.slug, label=hub.name, region_ids=frozenset(regions.get(hub.pk, ()))
        )
        for hub in hubs
    ]


register_dimension(Dimension(key=HUB, label=_("Regional hub"), options=_hubs))
