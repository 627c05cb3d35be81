from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.rules import works_for_the_network

from .keeping import kept_lines
from .registry import queue_for


@staff_page
@login_required
@require_GET
def work_queue(request):
    """What waits for the signed-in staff member today (Management Unit or hub staff),
    counted at most ``WORKQUEUE_CACHE_SECONDS`` ago, or now with ``?fresh=1``."""
    if not works_for_the_network(request.user):
        raise Refused

    def count():
        queue = queue_for(request.user)
        return render_to_string(
            "workqueue/_lines.html",
            {
                "waiting": [line for line in queue if line["count"]],
                "clear": [line for line in queue if not line["count"]],
            },
            request=request,
        )

    lines, counted_at = kept_lines(request.user, count, fresh="fresh" in request.GET)
    context = {"lines": lines, "counted_at": counted_at, "today": timezone.localdate()}
    return render(request, "workqueue/queue.html", context)
