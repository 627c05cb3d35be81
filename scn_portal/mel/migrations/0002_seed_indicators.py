"""The first set of indicators (``scn_portal.mel.defaults``): the network as a whole and
the five strategic priorities, each of a priority linked to it where it is recorded."""

from django.db import migrations

from scn_portal.mel.defaults import seed_default_indicators


def seed(apps, schema_editor):
    seed_default_indicators(
        apps.get_model("mel", "Indicator"),
        apps.get_model("mel", "Target"),
        apps.get_model("members", "StrategicPriority"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mel", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
