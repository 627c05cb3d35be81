from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from scn_portal.accounts.middleware import staff_page
from scn_portal.accounts.refusals import Refused
from scn_portal.accounts.rules import works_for_the_network

from .registry import queue_for


@staff_page
@login_required
@require_GET
def work_queue(request):
    """What waits for the signed-in staff member today (Management Unit or hub staff)."""
    if not works_for_the_network(request.user):
        raise Refused
    queue = queue_for(request.user)
    context = {
        "waiting": [line for line in queue if line["count"]],
        "clear": [line for line in queue if not line["count"]],
        "today": timezone.localdate(),
    }
    return render(request, "workqueue/queue.html", context)
