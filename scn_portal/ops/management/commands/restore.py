from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scn_portal.ops.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an EMPTY database and media folder, then verify it."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive made by manage.py backup.")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"no archive at {path}")
        try:
            counts = restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {sum(counts.values())} rows in {len(counts)} tables; counts match."
        )
