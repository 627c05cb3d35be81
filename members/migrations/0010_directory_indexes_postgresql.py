"""Indexes the public directory and the admin lists need at 25,000 cities (PostgreSQL only).

- trigram indexes on the four translated names, so the name search (``icontains`` in any
  language, which PostgreSQL runs as ``UPPER(name::text) LIKE UPPER(%s)``) reads the index
  instead of every row;
- the directory's order per language (``lower(coalesce(nullif(name_xx, ''), name_en)),
  code`` over listed cities), so a page is the next 24 entries of an index, not a sort of
  the table;
- the members among memberships, which every public page starts from.

Other databases (SQLite in development and tests) get nothing: the operation is a no-op.
"""

from django.db import migrations

LANGUAGES = ("en", "ar", "fr", "es")


def _display_name(language: str) -> str:
    if language == "en":
        return "LOWER(name_en)"
    return f"LOWER(COALESCE(NULLIF(name_{language}, ''), name_en))"


FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS lg_name_{lang}_trgm ON members_localgovernment "
        f"USING gin (UPPER(name_{lang}::text) gin_trgm_ops)"
        for lang in LANGUAGES
    ),
    *(
        f"CREATE INDEX IF NOT EXISTS lg_directory_order_{lang} ON members_localgovernment "
        f"({_display_name(lang)}, code) WHERE publicly_listed"
        for lang in LANGUAGES
    ),
    *(
        f"CREATE INDEX IF NOT EXISTS lg_name_{lang}_id ON members_localgovernment (name_{lang}, id)"
        for lang in LANGUAGES
    ),
    "CREATE INDEX IF NOT EXISTS membership_members ON members_membership "
    "(local_government_id) WHERE status = 'member'",
]
BACKWARD = [
    *(f"DROP INDEX IF EXISTS lg_name_{lang}_trgm" for lang in LANGUAGES),
    *(f"DROP INDEX IF EXISTS lg_directory_order_{lang}" for lang in LANGUAGES),
    *(f"DROP INDEX IF EXISTS lg_name_{lang}_id" for lang in LANGUAGES),
    "DROP INDEX IF EXISTS membership_members",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0009_applications")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
