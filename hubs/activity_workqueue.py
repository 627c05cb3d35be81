"""What waits for the organisers of activities: attendance to record after an activity
that has ended (Management Unit: every activity; hub staff: their hub's)."""

from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scn_portal.accounts.rules import is_mu_staff, works_for_the_network
from scn_portal.workqueue.registry import Line, register_line

from .models import Activity, Registration


def attendance_to_record(user):
    """Ended activities with registered people whose attendance is not recorded yet.

    Which activities is asked of the registrations whose attendance is due
    (``attendance_due_at``: their activity's end while it waits to be recorded), one range
    of a partial index (``registration_unrecorded``), not of every activity ever held; how
    many wait is counted for the rows shown only."""
    due = Registration.objects.filter(attendance_due_at__lt=timezone.now())
    # The activities read are only those that ended between the first and the last seat
    # still due (two probes of the index): PostgreSQL cannot know that the seats due are
    # the activities' latest, and would otherwise walk every activity ever held.
    first = due.order_by("attendance_due_at").values("attendance_due_at")[:1]
    last = due.order_by("-attendance_due_at").values("attendance_due_at")[:1]
    activities = Activity.objects.filter(
        pk__in=due.values("activity"), ends_at__gte=Subquery(first), ends_at__lte=Subquery(last)
    ).exclude(status=Activity.Status.CANCELLED)
    if not is_mu_staff(user):
        activities = activities.organised_by_staff_of(user)
    waiting = Registration.objects.filter(
        activity=OuterRef("pk"), attendance_due_at=OuterRef("ends_at")
    ).values("activity")
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
        shows=("title", "ends_at"),
    )
)
