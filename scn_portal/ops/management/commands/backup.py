from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scn_portal.ops.backups import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files into one timestamped archive."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="var/backups", help="Folder for the archive.")

    def handle(self, *args, dir, **options):
        try:
            archive = create_backup(Path(dir))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
