"""The applications waiting for a decision (``under_review``) in the order they came in
(PostgreSQL only; a no-op elsewhere, like 0010 and 0011).

The staff work queue counts them and shows the oldest on every visit. At 25,000 cities some
1,300 wait: the open-applications index (0011) also holds the drafts and the ineligible, so
PostgreSQL read and threw away about as many rows again to count them (2 ms of every visit).
From this index the count reads the index alone, and the page its first rows in order.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS membership_under_review ON members_membership "
    "(submitted_at, id) WHERE status = 'under_review'",
]
BACKWARD = ["DROP INDEX IF EXISTS membership_under_review"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0011_admin_list_indexes_postgresql")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
