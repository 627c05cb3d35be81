"""What waits for staff in the resource hub: resources in review (submitted good
practices first among them, the longest waiting first)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import works_for_the_network
from scn_portal.workqueue.registry import Line, register_line

from .selectors import waiting_for_review

register_line(
    Line(
        code="resources.in_review",
        order=80,
        title=_("Resources waiting for review"),
        items=waiting_for_review,
        row_template="resources/workqueue/_resource.html",
        may_see=works_for_the_network,
        all_url=lambda: reverse("admin:resources_resource_changelist") + "?status__exact=in_review",
        shows=(
            "code",
            "title",
            "kind",
            "updated_at",
            "author_kind",
            "author_hub__name",
            "author_group__topic",
            "author_city__name",
            "author_city__country",
            "author_expert__person__full_name",
            "author_expert__person__erased_at",
        ),
    )
)
