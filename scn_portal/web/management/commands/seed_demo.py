"""``manage.py seed_demo [--scale N] [--password P]``: realistic demo data and one login per role.

Seeds, in one transaction and in dependency order, ``members.demo`` (regions, priorities,
principles, organisations, ~300 real cities with memberships and focal points),
``hubs.demo``, ``governance.demo`` (25 current ISC terms, experts) and ``funding.demo``
(donors), then makes one demo login per role and prints them with a summary of counts.

Idempotent: every record is upserted on its natural key, so running it again leaves the
same row counts. A re-run does set the demo password again on the demo logins, so the
printed table is always true. ``--scale N`` also adds synthetic cities 1..N (see
``members.demo.seed_synthetic``); ``--scale 25000`` takes seconds on SQLite.

The demo logins have a well-known password, so the command refuses to run on a
production configuration (``DJANGO_DEBUG`` off) unless ``--allow-production`` is given.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

import funding.demo
import governance.demo
import hubs.demo
import members.demo
from funding.models import Donor
from governance.models import Expert, IscTerm
from hubs.models import Hub
from hubs.services import assign_hub_staff
from members.models import (
    CountryRegion,
    LocalGovernment,
    Membership,
    Official,
    Organisation,
    Person,
    Region,
)
from scn_portal.accounts.roles import MANAGEMENT_UNIT_GROUP

DEFAULT_PASSWORD = "scn-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False


ADMIN = DemoLogin(
    "admin@example.org", "Demo administrator", "superuser (all permissions)", True, True
)
MU_STAFF = DemoLogin(
    "mu-staff@example.org", "Demo Management Unit staff", "Management Unit staff", True
)
HUB_STAFF = DemoLogin(
    "hub-staff@example.org", "Demo hub staff (MENA)", "regional hub staff, MENA hub", True
)
OFFICIAL = DemoLogin(
    "official@example.org", "Demo focal point of Rabat", "city official, focal point of Rabat"
)
ISC_MEMBER = DemoLogin(
    "isc-member@example.org", "Demo ISC member (The Hague)", "ISC member, mayor of The Hague"
)
EXPERT = DemoLogin("expert@example.org", "Demo expert", "expert in the pool of experts")
DEMO_LOGINS = [ADMIN, MU_STAFF, HUB_STAFF, OFFICIAL, ISC_MEMBER, EXPERT]


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
        with translation.override("en"), transaction.atomic():
            members.demo.seed(stdout=out)
            hubs.demo.seed(stdout=out)
            governance.demo.seed(stdout=out)
            funding.demo.seed(stdout=out)
            create_demo_logins(password=password)
            if scale:
                created = members.demo.seed_synthetic(scale, stdout=out)["synthetic_created"]
        if options["verbosity"] == 0:
            return
        if scale:
            self.stdout.write(f"Synthetic cities: {created} created (--scale {scale}).")
        self._print_summary()
        self._print_logins(password)

    def _print_summary(self) -> None:
        memberships = Membership.objects.all()
        rows = [
            ("regions", Region.objects.count()),
            ("countries", CountryRegion.objects.count()),
            ("local governments", LocalGovernment.objects.count()),
            ("  of which members", memberships.filter(status=Membership.Status.MEMBER).count()),
            (
                "  of which non-members",
                memberships.exclude(status=Membership.Status.MEMBER).count(),
            ),
            ("people", Person.objects.count()),
            ("officials", Official.objects.count()),
            ("organisations", Organisation.objects.count()),
            ("hubs", Hub.objects.count()),
            ("current ISC terms", IscTerm.objects.current().count()),
            ("experts", Expert.objects.count()),
            ("donors", Donor.objects.count()),
        ]
        self.stdout.write(self.style.SUCCESS("Demo data loaded:"))
        for label, count in rows:
            self.stdout.write(f"  {label:<24}{count:>8}")

    def _print_logins(self, password: str) -> None:
        email_width = max(len(login.email) for login in DEMO_LOGINS) + 2
        password_width = max(len(password), len("password")) + 2
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (one per role):"))
        self.stdout.write(f"  {'email':<{email_width}}{'password':<{password_width}}role")
        for login in DEMO_LOGINS:
            self.stdout.write(
                f"  {login.email:<{email_width}}{password:<{password_width}}{login.role}"
            )


def create_demo_logins(*, password: str) -> dict[str, object]:
    """Create or update one user per role with a verified primary email address.

    Each user gets exactly the record that grants its role: the Management Unit group, a
    MENA hub assignment (through ``hubs.services``, which also grants its admin access),
    Rabat's demo focal point, The Hague's demo ISC seat (one of the 25, so the count stays
    25), or the first demo expert. Returns the users by email.
    """
    hashed = make_password(password)  # hash once: a hash costs ~0.3 s, the password is shared
    users = {login.email: _demo_user(login, hashed) for login in DEMO_LOGINS}

    group, _ = Group.objects.get_or_create(name=MANAGEMENT_UNIT_GROUP)
    users[MU_STAFF.email].groups.add(group)

    assign_hub_staff(hub=Hub.objects.get(slug=hubs.demo.MENA_HUB_SLUG), user=users[HUB_STAFF.email])

    rabat = members.demo.demo_city("Rabat", "MA")
    focal_point = Person.objects.get(
        full_name=members.demo.focal_point_name(rabat.name_en, rabat.country.code),
        officials__local_government=rabat,
    )
    _link_person(focal_point, users[OFFICIAL.email])

    seat_city = members.demo.demo_city(*governance.demo.ISC_LOGIN_SEAT)
    isc_person = Person.objects.get(full_name=governance.demo.seat_holder_name(seat_city))
    _link_person(isc_person, users[ISC_MEMBER.email])

    expert = Person.objects.get(full_name=governance.demo.EXPERT_LOGIN_NAME, expert__isnull=False)
    _link_person(expert, users[EXPERT.email])
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


def _link_person(person: Person, user) -> None:
    """Make ``person`` the user's one Person record (a user has at most one)."""
    Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
