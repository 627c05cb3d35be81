"""Import exchange rates to US dollars from a CSV file (currency,date,usd_per_unit)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from funding.services.rates import import_exchange_rates


class Command(BaseCommand):
    help = (
        "Import exchange rates to US dollars from a CSV file; nothing is saved if a line is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file with the header currency,date,usd_per_unit")
        parser.add_argument("--source", default="", help="where the rates come from")

    def handle(self, *args, path, source, **options):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            saved = import_exchange_rates(text=text, source=source, actor=None)
        except ValidationError as refusal:
            raise CommandError("\n".join(refusal.messages)) from None
        self.stdout.write(f"{len(saved)} exchange rates imported.")
