"""Which resources a person may read or handle, and the lists the pages show."""

from django.db.models import Q, QuerySet

from .models import Resource
from .rules import readable_visibilities
from .scoping import resources_in_scope


def readable_resources(user) -> QuerySet[Resource]:
    """Published resources of the visibilities ``user`` may read (anonymous: public)."""
    return Resource.objects.published().filter(visibility__in=readable_visibilities(user))


def get_resource_for_user(user, code) -> Resource | None:
    return (
        readable_resources(user)
        .select_related("author_hub", "author_group", "author_city", "author_expert")
        .prefetch_related("priorities", "themes", "regions", "files")
        .filter(code=code)
        .first()
    )


def waiting_for_review(user) -> QuerySet[Resource]:
    """Resources in review that ``user`` may decide, the longest waiting first."""
    return (
        resources_in_scope(user)
        .filter(status=Resource.Status.IN_REVIEW)
        .select_related("author_city", "author_hub")
        .order_by("updated_at", "pk")
    )


def related_resources(resource: Resource, user, limit: int = 4) -> list[Resource]:
    """Readable resources sharing a priority or theme with ``resource``, newest first."""
    priorities = [p.pk for p in resource.priorities.all()]
    themes = [t.pk for t in resource.themes.all()]
    if not priorities and not themes:
        return []
    return list(
        readable_resources(user)
        .exclude(pk=resource.pk)
        .filter(Q(priorities__in=priorities) | Q(themes__in=themes))
        .distinct()
        .order_by("-published_on", "pk")[:limit]
    )


def facet_counts(queryset: QuerySet[Resource]) -> dict[str, dict[str, int]]:
    """How many of ``queryset`` carry each value of each filter, in one query per facet
    (kind, priority, theme, region, author, and the four languages at once)."""
    from django.conf import settings
    from django.db.models import Count

    base = queryset.order_by()
    counts: dict[str, dict[str, int]] = {}
    for facet, path in (
        ("kind", "kind"),
        ("author", "author_kind"),
        ("priority", "priorities__code"),
        ("theme", "themes__code"),
        ("region", "regions__code"),
    ):
        rows = (
            Resource.objects.filter(pk__in=base.values("pk"))
            .exclude(**{f"{path}__isnull": True})
            .values(path)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        counts[facet] = {str(row[path]): row["n"] for row in rows}
    languages = Resource.objects.filter(pk__in=base.values("pk")).aggregate(
        **{
            code: Count("pk", filter=Q(languages__icontains=f'"{code}"'))
            for code, _name in settings.LANGUAGES
        }
    )
    counts["language"] = {code: n for code, n in languages.items() if n}
    return counts
