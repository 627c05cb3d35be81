"""Reads about minutes: which ones a person may read, their languages, their review."""

from dataclasses import dataclass, field

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from ..models import Minutes, MinutesComment, MinutesReview
from ..rules import readable_minutes_statuses
from .isc import current_isc_users


def minutes_visible_to(user):
    """The minutes ``user`` may read (``governance.read_minutes``, for many at once)."""
    return Minutes.objects.filter(status__in=readable_minutes_statuses(user))


def newer_published_version(minutes: Minutes) -> Minutes | None:
    """The latest published version of the same meeting's minutes after ``minutes``, if
    any: what an older version sends its readers to."""
    return (
        Minutes.objects.filter(
            meeting_id=minutes.meeting_id,
            status=Minutes.Status.PUBLISHED,
            version__gt=minutes.version,
        )
        .order_by("-version")
        .first()
    )


def languages_of(minutes: Minutes) -> list[str]:
    """The languages every item of ``minutes`` is written in (prefetch ``items``)."""
    items = list(minutes.items.all())
    if not items:
        return []
    return [
        code
        for code, _n in settings.LANGUAGES
        if all((getattr(i, build_localized_fieldname("text", code)) or "").strip() for i in items)
    ]


@dataclass
class ReviewStatus:
    reviews: list[MinutesReview]
    not_reviewed: list
    open_comments: int
    comments: list[MinutesComment] = field(default_factory=list)

    @property
    def reviewed(self) -> int:
        return len(self.reviews)

    @property
    def members(self) -> int:
        return len(self.reviews) + len(self.not_reviewed)


def review_status(minutes: Minutes) -> ReviewStatus:
    reviews = list(minutes.reviews.select_related("reviewer").order_by("at"))
    reviewed = {r.reviewer_id for r in reviews}
    not_reviewed = [u for u in current_isc_users() if u.pk not in reviewed]
    comments = list(minutes.comments.select_related("author", "agenda_item", "resolved_by"))
    return ReviewStatus(
        reviews=reviews,
        not_reviewed=not_reviewed,
        open_comments=sum(c.resolution == MinutesComment.Resolution.OPEN for c in comments),
        comments=comments,
    )
