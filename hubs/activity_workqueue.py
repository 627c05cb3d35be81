"""What waits for the organisers of activities: attendance to record after an activity
that has ended (Management Unit: every activity; hub staff: their hub's)."""

from django.db.models import Count, Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff, works_for_the_network
from scn_portal.workqueue.registry import Line, register_line

from .models import Activity, Registration


def attendance_to_record(user):
    """Ended activities with registered people whose attendance is not recorded yet.

    Which activities is asked of the few registrations still waiting (a partial index,
    ``registration_unrecorded``), not counted over every registration ever made; how
    many wait is counted for the rows shown only."""
    unrecorded = Registration.objects.filter(
        status=Registration.Status.REGISTERED, attended__isnull=True
    )
    activities = Activity.objects.filter(
        Exists(unrecorded.filter(activity=OuterRef("pk"))), ends_at__lt=timezone.now()
    ).exclude(status=Activity.Status.CANCELLED)
    if not is_mu_staff(user):
        activities = activities.organised_by_staff_of(user)
    waiting = unrecorded.filter(activity=OuterRef("pk")).values("activity")
    return activities.annotate(
        n_unrecorded=Subquery(waiting.annotate(n=Count("pk")).values("n"))
    ).order_by("ends_at", "pk")


register_line(
    Line(
        code="hubs.activity_attendance",
        order=60,
        title=_("Attendance to record after activities"),
        items=attendance_to_record,
        row_template="hubs/workqueue/_activity_attendance.html",
        may_see=works_for_the_network,
        all_url=lambda: (
            reverse("admin:hubs_registration_changelist")
            + "?status__exact=registered&attended__isnull=True"
        ),
    )
)
