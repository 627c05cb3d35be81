"""``manage.py seed_demo [--scale N] [--password P]``: realistic demo data and one login per role.

Runs, in one transaction and in order, the demo step each app registers in its
``demo.py`` (see ``scn_portal.ops.demo``): the ground floor first (regions, priorities,
principles, organisations, ~300 real cities with memberships and focal points), then the
apps above it (hubs, the ISC and experts, donors). It then makes one demo login per role,
lets each app give its logins their role, and prints them with a summary of counts.

Idempotent: every record is upserted on its natural key, so running it again leaves the
same row counts. A re-run does set the demo password again on the demo logins, so the
printed table is always true. ``--scale N`` also adds synthetic records (each app's
``synthetic`` step; ``--scale 25000`` takes seconds on SQLite).

The demo logins have a well-known password, so the command refuses to run on a
production configuration (``DJANGO_DEBUG`` off) unless ``--allow-production`` is given.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from scn_portal.accounts.roles import MANAGEMENT_UNIT_GROUP
from scn_portal.ops.demo import DemoLogin, demo_steps

DEFAULT_PASSWORD = "scn-demo-2026"

ADMIN = DemoLogin(
    "admin@example.org", "Demo administrator", "superuser (all permissions)", True, True
)
MU_STAFF = DemoLogin(
    "mu-staff@example.org", "Demo Management Unit staff", "Management Unit staff", True
)


def demo_logins() -> list[DemoLogin]:
    """The platform's logins, then each app's (in the order of the demo steps)."""
    return [ADMIN, MU_STAFF, *(login for step in demo_steps() for login in step.logins)]


class Command(BaseCommand):
    help = "Load idempotent, realistic demo data and one demo login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also create N synthetic local governments with related data (load tests).",
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password of every demo login (default: {DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DJANGO_DEBUG is off (demo logins have a known password).",
        )

    def handle(self, *args, scale: int, password: str, allow_production: bool, **options):
        if getattr(settings, "PRODUCTION", False) and not allow_production:
            raise CommandError(
                "Refusing to load demo data and demo logins in production mode "
                "(DJANGO_DEBUG is off); pass --allow-production if you really mean it."
            )
        if scale < 0:
            raise CommandError("--scale must be zero or more.")
        verbose = options["verbosity"] > 1
        out = self.stdout if verbose else None
        steps = demo_steps()
        created = 0
        with translation.override("en"), transaction.atomic():
            for step in steps:
                step.seed(stdout=out)
            users = create_demo_logins(password=password)
            for step in steps:
                if step.link_logins is not None:
                    step.link_logins(users)
            if scale:
                for step in steps:
                    if step.synthetic is not None:
                        created += step.synthetic(scale, stdout=out)
        if options["verbosity"] == 0:
            return
        if scale:
            self.stdout.write(f"Synthetic cities: {created} created (--scale {scale}).")
        self._print_summary(steps)
        self._print_logins(password)

    def _print_summary(self, steps) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data loaded:"))
        for step in steps:
            for label, count in step.summary() if step.summary is not None else []:
                self.stdout.write(f"  {label:<24}{count:>8}")

    def _print_logins(self, password: str) -> None:
        logins = demo_logins()
        email_width = max(len(login.email) for login in logins) + 2
        password_width = max(len(password), len("password")) + 2
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (one per role):"))
        self.stdout.write(f"  {'email':<{email_width}}{'password':<{password_width}}role")
        for login in logins:
            self.stdout.write(
                f"  {login.email:<{email_width}}{password:<{password_width}}{login.role}"
            )


def create_demo_logins(*, password: str) -> dict[str, object]:
    """Create or update one user per demo login with a verified primary email address;
    the Management Unit's login joins its group. Returns the users by email (each app's
    demo step then gives its logins their role)."""
    hashed = make_password(password)  # hash once: a hash costs ~0.3 s, the password is shared
    users = {login.email: _demo_user(login, hashed) for login in demo_logins()}
    group, _ = Group.objects.get_or_create(name=MANAGEMENT_UNIT_GROUP)
    users[MU_STAFF.email].groups.add(group)
    return users


def _demo_user(login: DemoLogin, hashed_password: str):
    user, _ = get_user_model().objects.get_or_create(email=login.email)
    user.full_name = login.full_name
    user.is_staff = login.is_staff
    user.is_superuser = login.is_superuser
    user.is_active = True
    user.password = hashed_password
    user.save(update_fields=["full_name", "is_staff", "is_superuser", "is_active", "password"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=login.email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=login.email, defaults={"verified": True, "primary": True}
    )
    return user
