"""``manage.py seed_demo``: idempotent demo data and one working login per role.

The demo is seeded twice once for the whole module (inside a transaction rolled back at
the end), so the suite stays quick; each test runs in a savepoint within it.
"""

import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from funding.models import (
    Disbursement,
    Donor,
    FundApplication,
    FundReport,
    FundReview,
    FundRound,
    FundScore,
    FundTransition,
)
from governance.demo import CO_CHAIRS, ISC_SEATS
from governance.models import Expert, IscTerm
from hubs.models import CapacityGap, HelpMessage, HelpRequest, Hub, HubStaff, NeedsAssessment
from members.demo import TARGET_MEMBERS
from members.demo_data.eligibility import INELIGIBLE_APPLICANT
from members.eligibility import eligible_cities, located_in_territory, location_check
from members.models import (
    CertificateSettings,
    Commitment,
    CountryRegion,
    DisputedTerritory,
    GuidingPrinciple,
    LocalGovernment,
    Membership,
    MembershipTerms,
    MembershipTransition,
    Official,
    Organisation,
    Person,
    PrincipleVersion,
    Region,
    StrategicPriority,
    TerritoryMatch,
)
from scn_portal.accounts.roles import Role
from scn_portal.ops.management.commands.seed_demo import DEFAULT_PASSWORD

# The module's seed runs outside the per-test settings, so it names its hasher itself.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
COUNTED_MODELS = [
    Region,
    CountryRegion,
    StrategicPriority,
    PrincipleVersion,
    GuidingPrinciple,
    Organisation,
    LocalGovernment,
    LocalGovernment.priorities.through,
    Membership,
    MembershipTerms,
    MembershipTransition,
    Commitment,
    Commitment.principles.through,
    DisputedTerritory,
    TerritoryMatch,
    Person,
    Official,
    Hub,
    Hub.regions.through,
    HubStaff,
    NeedsAssessment,
    CapacityGap,
    HelpRequest,
    HelpMessage,
    IscTerm,
    Expert,
    Donor,
    FundRound,
    FundApplication,
    FundTransition,
    FundReview,
    FundScore,
    Disbursement,
    FundReport,
    get_user_model(),
]
# Cities DOMAIN.md names: the early ISC, the 2024 co-chairs and the self-funding cities.
NAMED_CITIES = [
    ("Aarhus", "DK"), ("Antalya", "TR"), ("Atlanta", "US"), ("Beirut", "LB"),
    ("Copenhagen", "DK"), ("Dakar", "SN"), ("Denver", "US"), ("Kaduna", "NG"), ("Kano", "NG"),
    ("Kiffa", "MR"), ("Kristiansand", "NO"), ("London", "GB"), ("Medellín", "CO"),
    ("Minneapolis", "US"), ("Mombasa", "KE"), ("Montréal", "CA"), ("Mumbai", "IN"),
    ("New York City", "US"), ("Oslo", "NO"), ("Palermo", "IT"), ("Paris", "FR"), ("Puno", "PE"),
    ("Rotterdam", "NL"), ("Stockholm", "SE"), ("Tunis", "TN"), ("Victoria", "AU"),
    ("Rabat", "MA"), ("The Hague", "NL"), ("Aurora", "US"), ("Helsinki", "FI"), ("Halle", "DE"),
]  # fmt: skip


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED_MODELS}


def _seed_demo(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Row counts after a first and a second ``seed_demo``; the data stays for the module."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        _seed_demo()
        first = _row_counts()
        output = _seed_demo()
        second = _row_counts()
    yield {"first": first, "second": second, "output": output}
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def test_running_twice_leaves_identical_row_counts(seeded):
    assert seeded["first"] == seeded["second"]
    assert seeded["second"] == _row_counts()


def test_cities_span_every_region_and_at_least_sixty_countries(seeded):
    cities = LocalGovernment.objects.all()
    assert cities.count() >= 250
    assert cities.values("country").distinct().count() >= 60
    for region in Region.objects.all():
        assert region.countries.exists(), region
        assert region.local_governments.exists(), region
    region_of = dict(CountryRegion.objects.values_list("country", "region_id"))
    assert all(region_of[city.country.code] == city.region_id for city in cities)


def test_every_city_has_a_name_in_four_languages_and_valid_coordinates(seeded):
    for city in LocalGovernment.objects.all():
        assert city.name_en and city.name_fr and city.name_es, city
        assert ARABIC_LETTER.search(city.name_ar), city
        assert -90 <= city.latitude <= 90 and -180 <= city.longitude <= 180, city
    assert LocalGovernment.objects.get(name_en="London", country="GB").name_fr == "Londres"


def test_cities_named_in_the_strategy_are_members(seeded):
    for name, country in NAMED_CITIES:
        city = LocalGovernment.objects.get(name_en=name, country=country)
        assert city.membership.status == Membership.Status.MEMBER, city


def test_most_cities_are_members_and_the_rest_are_at_other_stages(seeded):
    statuses = set(Membership.objects.values_list("status", flat=True))
    assert LocalGovernment.objects.members().count() == TARGET_MEMBERS
    assert {Membership.Status.PROSPECT, Membership.Status.APPLICANT} <= statuses
    assert not Membership.objects.filter(
        status=Membership.Status.MEMBER, joined_on__isnull=True
    ).exists()


def test_five_priorities_and_six_principles_in_arabic_and_french(seeded):
    assert list(StrategicPriority.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    for priority in StrategicPriority.objects.all():
        assert ARABIC_LETTER.search(priority.title_ar) and priority.description_fr
    version = PrincipleVersion.objects.get(label="2023")
    principles = list(version.principles.all())
    assert [p.number for p in principles] == [1, 2, 3, 4, 5, 6]
    for principle in principles:
        assert ARABIC_LETTER.search(principle.text_ar), principle.number
        assert principle.text_fr and principle.text_fr != principle.text_en
        assert principle.text_es and principle.text_es != principle.text_en


def test_the_certificates_signatory_is_set_in_four_languages_and_marked_as_demo(seeded):
    (row,) = CertificateSettings.objects.all()
    assert "(demo)" in row.signatory_name_en
    assert ARABIC_LETTER.search(row.signatory_name_ar) and ARABIC_LETTER.search(
        row.signatory_title_ar
    )
    assert row.signatory_title_fr and row.signatory_title_es != row.signatory_title_en


def test_four_hubs_each_cover_a_region_and_have_a_host(seeded):
    hubs = Hub.objects.active()
    assert set(hubs.values_list("slug", flat=True)) == {
        "east-southern-africa",
        "mena",
        "south-asia",
        "western-balkans",
    }
    for hub in hubs:
        assert hub.regions.exists() and hub.host is not None and hub.name_ar, hub


def test_the_demo_hubs_have_needs_assessments_and_help_desk_requests_in_every_status(seeded):
    assert Hub.objects.filter(status=Hub.Status.PLANNED, slug="west-africa-sahel").exists()
    assert NeedsAssessment.objects.count() >= 24
    assert CapacityGap.objects.filter(severity=CapacityGap.Severity.CRITICAL).exists()
    statuses = set(HelpRequest.objects.values_list("status", flat=True))
    assert statuses == set(HelpRequest.Status.values)
    rabat = LocalGovernment.objects.get(name_en="Rabat", country="MA")
    assert HelpRequest.objects.filter(
        local_government=rabat, asked_by__email="official@example.org"
    ).exists()


def test_exactly_25_current_isc_terms_all_for_member_cities(seeded):
    current = IscTerm.objects.current()
    assert current.count() == 25
    assert not current.exclude(local_government__membership__status="member").exists()
    seats = {(t.local_government.name_en, t.local_government.country.code) for t in current}
    assert seats == set(ISC_SEATS)
    assert CO_CHAIRS <= seats


def test_every_current_seat_holder_acts_for_their_city(seeded):
    for term in IscTerm.objects.current().select_related("person", "local_government"):
        assert Official.objects.filter(
            person=term.person, local_government=term.local_government, is_active=True
        ).exists(), term


def test_current_terms_end_on_staggered_days_some_within_90_days(seeded):
    from governance.workqueue import terms_ending

    today = timezone.localdate()
    ends = [t.ends_on for t in IscTerm.objects.current()]
    assert len(set(ends)) == 25
    assert 1 <= sum(end <= today + timedelta(days=90) for end in ends) <= 5
    staff = get_user_model().objects.get(email="mu-staff@example.org")
    assert terms_ending(staff).count() == 3


def test_a_demo_term_ending_soon_can_be_renewed(seeded):
    from governance.services.isc import renew_isc_term
    from governance.workqueue import terms_ending

    staff = get_user_model().objects.get(email="mu-staff@example.org")
    term = terms_ending(staff).first()
    renewal = renew_isc_term(term=term, actor=staff)
    assert renewal.previous == term and renewal.starts_on == term.ends_on + timedelta(days=1)


def test_donors_include_one_anonymous_foundation(seeded):
    # The strategy's seven donors, the anonymous foundation and seven cities giving in kind.
    assert Donor.objects.count() == 15
    anonymous = Donor.objects.get(naming=Donor.Naming.ANONYMOUS)
    assert anonymous.organisation.kind == Organisation.Kind.FOUNDATION


def test_funding_demo_has_several_currencies_in_kind_cities_and_2022_costs(seeded):
    from funding.models import Contribution, OperatingCost
    from funding.selectors.transparency import public_year

    assert OperatingCost.objects.get(year=2022).amount_usd == 3100000
    currencies = {str(c.amount.currency) for c in Contribution.objects.all()}
    assert {"EUR", "GBP", "NOK", "USD"} <= currencies
    assert Contribution.objects.in_kind().filter(donor__organisation__name_en__contains="Oslo")
    page = public_year(2023)
    assert page.anonymous is not None
    assert "Private foundation" not in " ".join(line.source for line in page.lines)


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("admin@example.org", {Role.MU_STAFF}),
        ("mu-staff@example.org", {Role.MU_STAFF}),
        ("hub-staff@example.org", {Role.HUB_STAFF}),
        ("official@example.org", {Role.CITY_OFFICIAL}),
        # A mayor on the ISC acts for their city too, as the appointment rules expect.
        ("isc-member@example.org", {Role.ISC_MEMBER, Role.CITY_OFFICIAL}),
        ("expert@example.org", {Role.EXPERT}),
    ],
)
def test_each_demo_login_signs_in_with_exactly_its_role(seeded, email, expected):
    user = get_user_model().objects.get(email=email)
    assert set(user.roles) == expected
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        assert user.check_password(DEFAULT_PASSWORD)
    assert user.emailaddress_set.filter(email=email, verified=True, primary=True).exists()
    assert email in seeded["output"]


def test_demo_logins_act_for_rabat_and_the_hague(seeded):
    official = get_user_model().objects.get(email="official@example.org")
    assert official.person.officials.get().local_government.name_en == "Rabat"
    member = get_user_model().objects.get(email="isc-member@example.org")
    assert IscTerm.objects.current().get(person__user=member).local_government.name_en == (
        "The Hague"
    )
    assert HubStaff.objects.get(user__email="hub-staff@example.org").hub.slug == "mena"


def test_demo_hub_staff_login_works_on_its_regions_cities_in_the_admin(seeded, client):
    client.force_login(get_user_model().objects.get(email="hub-staff@example.org"))
    response = client.get(reverse("admin:members_localgovernment_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rabat" in page and "Oslo" not in page


def test_scale_adds_synthetic_cities_once(seeded):
    synthetic = LocalGovernment.objects.filter(name_en__startswith="Synthetic city ")
    _seed_demo(scale=50)
    assert synthetic.count() == 50
    _seed_demo(scale=50)
    assert synthetic.count() == 50
    assert LocalGovernment.objects.count() == seeded["second"]["members.LocalGovernment"] + 50
    # Ten people a city: its focal point, its mayor and eight other staff.
    officials = Official.objects.filter(local_government__in=synthetic)
    assert officials.count() == 500
    assert officials.filter(role=Official.Role.FOCAL_POINT).count() == 50
    assert officials.filter(role=Official.Role.MAYOR).count() == 50
    assert officials.values("person").distinct().count() == 500
    assert Membership.objects.filter(local_government__in=synthetic).count() == 50
    assert synthetic.filter(priorities__isnull=True).count() == 0
    assert synthetic.filter(membership__status=Membership.Status.MEMBER).count() >= 25
    # Their members have signed the current principles, as real members have, so that
    # what is measured at scale (invitations, the fund) reaches them.
    members = synthetic.filter(membership__status=Membership.Status.MEMBER)
    version = PrincipleVersion.objects.current()
    committed = Commitment.objects.filter(version=version, local_government__in=synthetic)
    assert set(committed.values_list("local_government", flat=True)) == set(
        members.values_list("pk", flat=True)
    )
    assert all(c.principles.count() == 6 for c in committed)
    assert eligible_cities(synthetic).count() == members.count() - len(
        located_in_territory(members)
    )


def test_scale_adds_the_other_apps_records_in_proportion_once(seeded):
    from funding.models import Contribution, FundApplication
    from hubs.models import Activity, Registration
    from resources.models import Resource

    def counts():
        return {
            "activities": Activity.objects.filter(title__startswith="Synthetic activity ").count(),
            "registrations": Registration.objects.filter(
                activity__title__startswith="Synthetic activity "
            ).count(),
            "resources": Resource.objects.filter(
                title_en__startswith="Synthetic resource "
            ).count(),
            "contributions": Contribution.objects.filter(
                description__startswith="Synthetic contribution "
            ).count(),
            "applications": FundApplication.objects.filter(
                title__startswith="Synthetic fund application "
            ).count(),
        }

    _seed_demo(scale=50)
    first = counts()
    assert first == {
        "activities": 50,
        "registrations": 500,
        "resources": 40,
        "contributions": 20,
        "applications": 10,
    }
    _seed_demo(scale=50)
    assert counts() == first
    # Each registration is a synthetic focal point's, for their own city, once per activity.
    registrations = Registration.objects.filter(activity__title__startswith="Synthetic activity ")
    assert not registrations.exclude(
        user__person__officials__local_government=F("local_government")
    )
    assert registrations.values("activity", "user").distinct().count() == 500
    # Applications come from member cities only.
    applications = FundApplication.objects.filter(title__startswith="Synthetic fund application ")
    assert not applications.exclude(local_government__membership__status="member")


def test_the_current_terms_of_reference_exist_in_four_languages(seeded):
    terms = MembershipTerms.objects.current()
    assert terms is not None and "Demo" in terms.text_en
    assert ARABIC_LETTER.search(terms.text_ar) and terms.text_fr and terms.text_es
    assert not Membership.objects.filter(status=Membership.Status.MEMBER).exclude(terms=terms)


def test_every_member_has_committed_to_every_current_principle(seeded):
    version = PrincipleVersion.objects.current()
    members = LocalGovernment.objects.members()
    commitments = Commitment.objects.filter(version=version, local_government__in=members)
    assert commitments.count() == members.count() == TARGET_MEMBERS
    rabat = commitments.get(local_government__name_en="Rabat")
    assert rabat.signatory_name == "Mayor of Rabat (demo)"
    assert rabat.principles.count() == 6
    assert not Membership.objects.filter(
        status=Membership.Status.UNDER_REVIEW, local_government__commitments__isnull=True
    ).exists()


def test_the_example_territory_list_is_labelled_as_an_illustration(seeded):
    territories = list(DisputedTerritory.objects.all())
    assert len(territories) == 3
    for territory in territories:
        assert "(example)" in territory.name_en and ARABIC_LETTER.search(territory.name_ar)
        assert "Illustration" in territory.reference and "real list" in territory.reference
    assert sum(1 for t in territories if t.boundary) == 1
    assert sum(1 for t in territories if t.subdivision_codes) == 2


def test_no_demo_member_is_inside_an_example_territory_but_one_applicant_is(seeded):
    for city in LocalGovernment.objects.members():
        assert location_check(city).eligible, city
    applicant = LocalGovernment.objects.get(name_en=INELIGIBLE_APPLICANT["name"]["en"])
    assert applicant.membership.status == Membership.Status.INELIGIBLE
    [match] = TerritoryMatch.objects.all()
    assert (match.local_government, match.rule) == (applicant, TerritoryMatch.Rule.BOUNDARY)
    assert MembershipTransition.objects.filter(membership=applicant.membership).count() == 1


def test_applications_under_review_were_submitted_over_the_last_30_days(seeded):
    under_review = Membership.objects.filter(status=Membership.Status.UNDER_REVIEW)
    assert under_review.count() >= 3
    now = timezone.now()
    dates = [m.submitted_at for m in under_review]
    assert all(now - timedelta(days=30) <= d <= now for d in dates)
    assert len({d.date() for d in dates}) >= 3


def test_staff_find_the_ineligible_demo_application_in_the_queue(seeded, client):
    client.force_login(get_user_model().objects.get(email="mu-staff@example.org"))
    response = client.get(reverse("admin:members_membership_changelist"), {"eligibility": "inside"})
    page = response.content.decode()
    assert INELIGIBLE_APPLICANT["name"]["en"] in page
    assert "Example territory C, by boundary (example)" in page
    assert "Rabat" not in page


def test_refuses_to_run_in_production_mode(seeded, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        _seed_demo()


def test_a_few_hundred_demo_resources_of_every_kind_in_four_languages(seeded):
    from resources.models import Resource

    resources = Resource.objects.filter(title_en__endswith="(demo)")
    assert resources.count() >= 200
    assert set(resources.values_list("kind", flat=True)) == set(Resource.Kind.values)
    # Written in each language, not English copied four times.
    for resource in resources[:20]:
        assert any("\u0600" <= ch <= "\u06ff" for ch in resource.body_ar)
        assert resource.body_fr != resource.body_en != resource.body_es
    assert resources.filter(visibility="members").exists()
    assert resources.filter(visibility="staff").exists()
    assert resources.filter(status="in_review", author_kind="city").exists()


def test_the_fund_has_a_closed_and_an_open_round_within_their_envelopes(seeded):
    today = timezone.localdate()
    rounds = list(FundRound.objects.filter(title__endswith="(demo)"))
    assert sorted(r.is_open(today) for r in rounds) == [False, True]
    for fund_round in rounds:
        assert fund_round.rubric.count() == 3
        assert Decimal(0) < fund_round.committed_usd() <= fund_round.envelope_usd, fund_round
    closed = next(r for r in rounds if not r.is_open(today))
    assert closed.closes_on < today


def test_the_fund_demo_has_an_application_in_every_status(seeded):
    applications = FundApplication.objects.filter(title__endswith="(demo)")
    assert set(applications.values_list("status", flat=True)) == set(FundApplication.Status.values)
    S = FundApplication.Status
    # Every step has its record, dated in order.
    for application in applications.exclude(status=S.DRAFT):
        moves = list(application.transitions.order_by("created_at", "pk"))
        assert moves[0].from_status == S.DRAFT and moves[-1].to_status == application.status
        assert all(moves[i].created_at < moves[i + 1].created_at for i in range(len(moves) - 1))
        assert moves[-1].created_at <= timezone.now()
    declined = applications.get(status=S.DECLINED)
    assert declined.decision_reason and declined.approved_usd is None


def test_an_application_in_review_has_scores_and_a_declared_conflict(seeded):
    reviews = FundReview.objects.filter(
        application__status=FundApplication.Status.IN_REVIEW,
        application__title__endswith="(demo)",
    )
    conflicted = reviews.get(conflicted=True)
    assert conflicted.conflict_note and not conflicted.scores.exists()
    assert conflicted.reviewer.email == "isc-member@example.org"
    scored = reviews.get(application=conflicted.application, conflicted=False)
    assert scored.reviewer.email == "expert@example.org"
    assert scored.scores.count() == conflicted.application.round.rubric.count()
    # Another waits for the expert: it is in the expert's work queue.
    assert reviews.filter(reviewer__email="expert@example.org", declared_at__isnull=True).exists()


def test_the_demo_official_downloads_rabats_grant_letter(seeded, client):
    approved = FundApplication.objects.get(
        status=FundApplication.Status.APPROVED, local_government__name_en="Rabat"
    )
    assert approved.approved_usd <= approved.requested_usd and approved.conditions
    client.force_login(get_user_model().objects.get(email="official@example.org"))
    response = client.get(reverse("fund:grant_letter", kwargs={"code": approved.code}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_grants_in_delivery_have_payments_and_one_final_report_is_overdue(seeded):
    today = timezone.localdate()
    S = FundApplication.Status
    delivering = FundApplication.objects.filter(status=S.IN_DELIVERY)
    assert delivering.count() == 2
    for grant in delivering:
        paid = sum(d.amount_usd for d in grant.disbursements.all())
        assert Decimal(0) < paid <= grant.approved_usd
    # Who delivers them: two experts of the pool each, and the hub's activity where a hub
    # delivers one.
    assert all(grant.experts.count() == 2 for grant in delivering)
    assert any(grant.activities.exists() for grant in delivering.exclude(hub=None))
    overdue = FundReport.objects.filter(
        application__in=delivering, submitted_at__isnull=True, due_on__lt=today
    )
    assert overdue.count() == 1
    closed = FundApplication.objects.get(status=S.CLOSED)
    assert closed.reports.get(kind=FundReport.Kind.FINAL).submitted_at is not None
    assert sum(d.amount_usd for d in closed.disbursements.all()) == closed.approved_usd


# --- Every admin list, on the demo network ---------------------------------------------
# Every list of the admin costs at most 15 queries, and the same number whether its page
# shows one row or a full page: nothing is read per row. The lists are found in the
# admin's registry, so a list added later is held to the same rule without a test of its
# own; the demo is what fills them.

LIST_CEILING = 15
# The demo's logins: the Management Unit, a regional hub's staff and the administrator.
STAFF = ["mu-staff@example.org", "hub-staff@example.org", "admin@example.org"]
# The demo fills enough of each person's lists for the comparison to mean something (the
# hub's staff see a region's share of a few lists).
COMPARED_AT_LEAST = {
    "mu-staff@example.org": 30,
    "hub-staff@example.org": 8,
    "admin@example.org": 30,
}


def admin_changelists():
    for model, model_admin in admin.site._registry.items():
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        yield model_admin, url


def list_queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # The request's savepoints are not reads.
    return response.status_code, len([q for q in captured if "SAVEPOINT" not in q["sql"]])


@pytest.mark.parametrize("email", STAFF)
def test_no_admin_list_reads_per_row_or_costs_more_than_15_queries(seeded, email, monkeypatch):
    user = get_user_model().objects.get(email=email)
    client = Client()
    client.force_login(user)
    over, per_row, compared = [], [], 0
    for model_admin, url in admin_changelists():
        client.get(url)  # what is cached per version is built once
        status, full = list_queries(client, url)
        if status != 200:
            assert status in (302, 403), (url, status)  # not this person's list
            continue
        if full > LIST_CEILING:
            over.append((url, full))
        shown = model_admin.get_queryset(as_request(user)).count()
        if shown < 2:
            continue
        with monkeypatch.context() as patched:
            patched.setattr(model_admin, "list_per_page", 1)
            _status, one = list_queries(client, url)
        compared += 1
        if one != full:
            per_row.append((url, one, full))
    assert not over, f"lists over {LIST_CEILING} queries: {over}"
    assert not per_row, f"lists whose queries grow with their rows (one row, a page): {per_row}"
    assert compared >= COMPARED_AT_LEAST[email]


def as_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


# The portal writes the rows of every list itself (``scn_portal.web.templatetags.
# admin_rows``), for less than Django's ``items_for_result``: staff must see exactly the
# rows Django would write, links, classes, empty cells and the language included.
@pytest.mark.parametrize("email", ["mu-staff@example.org", "hub-staff@example.org"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_admin_list_shows_the_rows_django_would_write(seeded, email, language):
    from django.contrib.admin.templatetags import admin_list

    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    checked = rows = 0
    for _model_admin, url in admin_changelists():
        # Sorted by a column too, so that the list's own filters travel with each link.
        for query in ("", "?o=-1"):
            response = client.get(url.replace("/en/", f"/{language}/", 1) + query)
            if response.status_code != 200:
                continue
            page = response.content.decode()
            with translation.override(language):
                written = [list(row) for row in admin_list.results(response.context["cl"])]
            for cells in written:
                assert f"<tr>{''.join(cells)}</tr>" in page, (url, query, cells)
            checked += 1
            rows += len(written)
    assert checked >= 16 and rows >= 200
