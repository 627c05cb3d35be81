"""Link the default indicators of a priority to the priority recorded with their number: a
database migrated before its priorities were recorded has them unlinked."""

from django.db import migrations

from scn_portal.mel.defaults import link_default_indicators


def link(apps, schema_editor):
    link_default_indicators(
        apps.get_model("mel", "Indicator"), apps.get_model("members", "StrategicPriority")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mel", "0002_seed_indicators"),
        ("members", "0011_admin_list_indexes_postgresql"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
