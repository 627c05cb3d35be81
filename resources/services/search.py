"""The stored search vectors: one per language, weighted title (A) > summary (B) > text (C).

On PostgreSQL each resource keeps ``search_<language>`` computed with that language's
text-search configuration (``arabic``, ``english``, ``french``, ``spanish``), so a word
matches its other forms; a GIN index on each serves the search. Every service that
changes a resource's text calls ``refresh_search_vectors``; on SQLite there is nothing to
keep (the search falls back to matching parts of words).
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import TextField, Value
from django.db.models.functions import Coalesce

from ..models import SEARCH_CONFIGS, Resource


def uses_search_vectors() -> bool:
    return connection.vendor == "postgresql"


def _vector(language: str, config: str):
    def part(field: str, weight: str):
        text = Coalesce(f"{field}_{language}", Value(""), output_field=TextField())
        return SearchVector(text, config=config, weight=weight)

    return part("title", "A") + part("summary", "B") + part("body", "C")


def refresh_search_vectors(*, resources=None) -> int:
    """Recompute the vectors of ``resources`` (a queryset or ids; all by default)."""
    if not uses_search_vectors():
        return 0
    queryset = Resource.objects.all()
    if resources is not None:
        queryset = queryset.filter(pk__in=[getattr(r, "pk", r) for r in resources])
    return queryset.update(
        **{
            f"search_{language}": _vector(language, config)
            for language, config in SEARCH_CONFIGS.items()
        }
    )
