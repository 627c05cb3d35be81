"""Indexes the admin's largest lists need at 25,000 cities (PostgreSQL only; a no-op
elsewhere, like 0010).

- the default orders of the lists: cities and memberships by the city's ``name``, people
  by ``full_name``, open applications by the date they were submitted; a page of 100 is
  then read from the index instead of sorting every row;
- trigram indexes for the admin's searches (a city's subdivision, a person's name and
  email), matching Django's ``UPPER(column::text) LIKE UPPER(%s)``.
"""

from django.db import migrations

OPEN_APPLICATION = "('applicant', 'under_review', 'ineligible')"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS lg_name ON members_localgovernment (name)",
    "CREATE INDEX IF NOT EXISTS person_full_name ON members_person (full_name)",
    "CREATE INDEX IF NOT EXISTS membership_open_applications ON members_membership "
    f"(submitted_at, id) WHERE status IN {OPEN_APPLICATION}",
    *(
        f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON members_{table} "
        f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        for table, column in (
            ("localgovernment", "subdivision"),
            ("person", "full_name"),
            ("person", "email"),
        )
    ),
]
BACKWARD = [
    "DROP INDEX IF EXISTS lg_name",
    "DROP INDEX IF EXISTS person_full_name",
    "DROP INDEX IF EXISTS membership_open_applications",
    "DROP INDEX IF EXISTS localgovernment_subdivision_trgm",
    "DROP INDEX IF EXISTS person_full_name_trgm",
    "DROP INDEX IF EXISTS person_email_trgm",
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
    dependencies = [("members", "0010_directory_indexes_postgresql")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
