"""Each registration keeps a copy of its activity's end, and that end again while its
attendance waits to be recorded (a generated column), so the work queue's attendance to
record is read from one partial index: the registrations still unrecorded whose activity
has ended, however many activities have ended or are to come."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_ends(apps, schema_editor):
    Activity = apps.get_model("hubs", "Activity")
    Registration = apps.get_model("hubs", "Registration")
    database = schema_editor.connection.alias
    Registration.objects.using(database).update(
        activity_ends_at=Subquery(
            Activity.objects.using(database).filter(pk=OuterRef("activity_id")).values("ends_at")[:1]
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ("hubs", "0007_work_queue_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="activity_ends_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="activity ends at"),
        ),
        migrations.RunPython(copy_ends, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="registration",
            name="activity_ends_at",
            field=models.DateTimeField(editable=False, verbose_name="activity ends at"),
        ),
        migrations.AddField(
            model_name="registration",
            name="attendance_due_at",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        models.Q(("attended__isnull", True), ("status", "registered")),
                        then=models.F("activity_ends_at"),
                    ),
                    default=None,
                ),
                output_field=models.DateTimeField(null=True),
                verbose_name="attendance to record since",
            ),
        ),
        migrations.RemoveIndex(model_name="registration", name="registration_unrecorded"),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(
                condition=models.Q(("attendance_due_at__isnull", False)),
                fields=["attendance_due_at", "activity"],
                name="registration_unrecorded",
            ),
        ),
    ]
