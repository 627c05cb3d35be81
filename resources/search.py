"""Finding resources by words, in the four languages.

On PostgreSQL the words are matched against each language's stored search vector with
that language's configuration (``websearch_to_tsquery``: any text is a valid query), so an
inflected Arabic, French or Spanish word finds its other forms; the GIN index of each
vector serves the match, and the results are ranked (a title match weighs more than a
summary match, which weighs more than the text). On SQLite, for newcomers, the words are
matched as parts of the title, summary and text, title matches first.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from .models import SEARCH_CONFIGS

TEXT_FIELDS = ("title", "summary", "body")


def search(queryset: QuerySet, words: str) -> QuerySet:
    """``queryset`` narrowed to the resources matching ``words``, best first."""
    words = (words or "").strip()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return _search_vectors(queryset, words)
    return _search_text(queryset, words)


def _search_vectors(queryset: QuerySet, words: str) -> QuerySet:
    match = Q()
    rank = None
    for language, config in SEARCH_CONFIGS.items():
        query = SearchQuery(words, config=config, search_type="websearch")
        match |= Q(**{f"search_{language}": query})
        part = SearchRank(F(f"search_{language}"), query)
        rank = part if rank is None else rank + part
    return queryset.filter(match).annotate(rank=rank).order_by("-rank", "-published_on", "pk")


def _search_text(queryset: QuerySet, words: str) -> QuerySet:
    languages = list(SEARCH_CONFIGS)

    def any_language(field: str) -> Q:
        q = Q()
        for language in languages:
            q |= Q(**{f"{field}_{language}__icontains": words})
        return q

    return (
        queryset.filter(any_language("title") | any_language("summary") | any_language("body"))
        .annotate(
            rank=Case(
                When(any_language("title"), then=Value(3)),
                When(any_language("summary"), then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank", "-published_on", "pk")
    )
