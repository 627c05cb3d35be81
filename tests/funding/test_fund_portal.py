"""The fund in the member portal and the admin: an official drafts, submits and sees the
decision; the wrong people get 404 and change nothing; staff decide through the buttons
of an application's page, within the envelope; the grant letter reads in Arabic."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import FundApplication, FundReview
from funding.services import fund as services
from members.models import Membership
from tests import factories
from tests.reports.test_network_at_a_glance import pdf_text

S = FundApplication.Status


@pytest.fixture
def fund_round(db):
    return factories.make_fund_round(title="Round 2026")


def test_an_official_drafts_submits_and_sees_the_decision(
    client_as, rabat, fund_round, mu_staff, mena_hub, django_capture_on_commit_callbacks
):
    client = client_as("official_of_rabat")

    response = client.post(
        reverse("fund:start", kwargs={"code": rabat.code}),
        {"round": fund_round.pk, "title": "Youth dialogue"},
    )
    application = FundApplication.objects.get()
    assert response.status_code == 302
    assert application.hub == mena_hub
    priority = factories.StrategicPriorityFactory(code="city-youth", number=4)
    response = client.post(
        reverse("fund:edit", kwargs={"code": application.code}),
        {
            "title": "Youth dialogue",
            "need": "Facilitators for the youth council.",
            "priorities": [priority.pk],
            "support_kind": application.round.support_kinds.model.objects.get(
                code="tailored-training"
            ).pk,
            "starts_on": "2027-02-01",
            "ends_on": "2027-05-01",
            "timeline": "Three workshops.",
            "requested_usd": "15000",
            "in_kind_needs": "A venue.",
        },
    )
    assert response.status_code == 302
    client.post(reverse("fund:submit", kwargs={"code": application.code}))
    application.refresh_from_db()
    assert application.status == S.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        services.screen_application(
            application=application, passed=True, note="Aligned.", actor=mu_staff
        )
        services.assign_reviewers(application=application, reviewers=[mu_staff], actor=mu_staff)
        services.approve_application(
            application=application,
            amount_usd=Decimal("12000"),
            conditions="Share the material.",
            actor=mu_staff,
        )

    page = client.get(reverse("fund:application", kwargs={"code": application.code}))
    assert page.status_code == 200
    assert "12,000.00 USD" in page.content.decode()
    assert "Share the material." in page.content.decode()
    assert reverse("fund:grant_letter", kwargs={"code": application.code}) in (
        page.content.decode()
    )


def test_an_incomplete_draft_is_not_submitted_and_the_page_says_what_is_missing(
    client_as, rabat, fund_round
):
    application = factories.make_fund_application(rabat, fund_round, need="")
    client = client_as("official_of_rabat")

    response = client.post(reverse("fund:submit", kwargs={"code": application.code}), follow=True)

    assert "Describe the need." in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_a_non_member_city_sees_why_it_cannot_apply_and_nothing_is_saved(
    client_as, rabat, fund_round
):
    Membership.objects.filter(local_government=rabat).update(status=Membership.Status.APPLICANT)
    client = client_as("official_of_rabat")

    page = client.get(reverse("fund:start", kwargs={"code": rabat.code}))
    response = client.post(
        reverse("fund:start", kwargs={"code": rabat.code}),
        {"round": fund_round.pk, "title": "Youth"},
    )

    assert "It is not an active member of the network." in page.content.decode()
    assert response.status_code == 400
    assert "It is not an active member of the network." in response.content.decode()
    assert not FundApplication.objects.exists()


@pytest.mark.parametrize("persona", ["official_of_other_city", "hub_staff_mena", "expert"])
def test_others_get_404_on_a_citys_application_and_change_nothing(
    client_as, rabat, fund_round, persona
):
    application = factories.make_fund_application(rabat, fund_round)
    client = client_as(persona)

    for name in ("application", "edit", "grant_letter", "review"):
        url = reverse(f"fund:{name}", kwargs={"code": application.code})
        assert client.get(url).status_code == 404, name
    assert client.post(reverse("fund:submit", kwargs={"code": application.code})).status_code == 404
    assert (
        client.post(
            reverse("fund:start", kwargs={"code": rabat.code}),
            {"round": fund_round.pk, "title": "Hijack"},
        ).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert FundApplication.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client_as, rabat, fund_round):
    application = factories.make_fund_application(rabat, fund_round)

    response = client_as("anonymous").get(
        reverse("fund:application", kwargs={"code": application.code})
    )

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_grant_letter_is_right_to_left_in_arabic(
    client_as, rabat, fund_round, mu_staff, tmp_path
):
    rabat.name_ar = "الرباط"
    rabat.languages = ["ar", "fr"]
    rabat.save(update_fields=["name_ar", "languages"])
    application = factories.make_fund_application(rabat, fund_round, status=S.IN_REVIEW)
    services.approve_application(
        application=application, amount_usd=Decimal("9000"), actor=mu_staff
    )
    client = client_as("official_of_rabat")

    response = client.get(reverse("fund:grant_letter", kwargs={"code": application.code}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "الرباط" in text


def test_a_reviewer_declares_a_conflict_and_never_sees_the_scoring_form(
    client_as, rabat, fund_round, mu_staff, expert
):
    application = factories.make_fund_application(rabat, fund_round, status=S.SCREENED)
    services.assign_reviewers(application=application, reviewers=[expert], actor=mu_staff)
    client = client_as("expert")
    url = reverse("fund:review", kwargs={"code": application.code})

    client.post(url, {"conflicted": "yes", "note": "I advised the mayor."})
    page = client.get(url)
    attempt = client.post(url, {f"criterion_{c.pk}": "5" for c in fund_round.rubric.all()})

    assert "You declared a conflict of interest" in page.content.decode()
    assert attempt.status_code == 400
    review = FundReview.objects.get()
    assert review.conflicted is True
    assert not review.scores.exists()


def test_a_reviewer_scores_after_declaring_no_conflict(
    client_as, rabat, fund_round, mu_staff, expert
):
    application = factories.make_fund_application(rabat, fund_round, status=S.SCREENED)
    services.assign_reviewers(application=application, reviewers=[expert], actor=mu_staff)
    client = client_as("expert")
    url = reverse("fund:review", kwargs={"code": application.code})

    client.post(url, {"conflicted": "no"})
    client.post(url, {f"criterion_{c.pk}": "4" for c in fund_round.rubric.all()})

    review = FundReview.objects.get()
    assert sorted(review.scores.values_list("score", flat=True)) == [4, 4]


def test_the_grant_letter_page_is_set_right_to_left_in_arabic(rabat, fund_round, mu_staff):
    from django.template.loader import render_to_string
    from django.utils import translation

    rabat.name_ar = "الرباط"
    rabat.save(update_fields=["name_ar"])
    application = factories.make_fund_application(rabat, fund_round, status=S.IN_REVIEW)
    services.approve_application(
        application=application, amount_usd=Decimal("9000"), actor=mu_staff
    )

    with translation.override("ar"):
        html = render_to_string(
            "print/grant_letter.html",
            {
                "application": application,
                "city": rabat,
                "LANGUAGE_BIDI": True,
                "LANGUAGE_CODE": "ar",
            },
        )

    assert 'dir="rtl"' in html
    assert "الرباط" in html
    assert "صندوق تمويل الدعم التقني" in html


# --- The admin ----------------------------------------------------------------------------


def _admin_url(application, name):
    return reverse(f"admin:funding_fundapplication_{name}", args=[application.pk])


def test_staff_approve_within_the_envelope_from_the_applications_page(
    client_as, rabat, oslo, mu_staff
):
    fund_round = factories.make_fund_round(envelope="20000")
    first = factories.make_fund_application(oslo, fund_round, status=S.IN_REVIEW)
    services.approve_application(application=first, amount_usd=Decimal("15000"), actor=mu_staff)
    application = factories.make_fund_application(rabat, fund_round, status=S.IN_REVIEW)
    client = client_as("mu_staff")

    page = client.get(_admin_url(application, "change"))
    refused = client.post(_admin_url(application, "approve"), {"amount_usd": "6000"})
    approved = client.post(_admin_url(application, "approve"), {"amount_usd": "5000"})

    assert "5,000.00 USD" in page.content.decode() or "5000.00" in page.content.decode()
    assert refused.status_code == 400
    assert "5,000.00 USD remain" in refused.content.decode()
    assert approved.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.approved_usd) == (S.APPROVED, Decimal("5000.00"))


def test_hub_staff_see_and_screen_their_hubs_applications_only(
    client_as, rabat, oslo, mena_hub, balkans_hub
):
    ours = factories.make_fund_application(rabat, status=S.SUBMITTED, hub=mena_hub)
    theirs = factories.make_fund_application(oslo, ours.round, status=S.SUBMITTED, hub=balkans_hub)
    client = client_as("hub_staff_mena")

    listing = client.get(reverse("admin:funding_fundapplication_changelist"))
    screened = client.post(
        _admin_url(ours, "screen"), {"passed": "yes", "note": "Aligned with priority 4."}
    )
    other = client.post(_admin_url(theirs, "screen"), {"passed": "yes", "note": "Mine now."})
    approve = client.post(_admin_url(ours, "approve"), {"amount_usd": "100"})

    assert ours.title in listing.content.decode()
    assert "Oslo" not in listing.content.decode()
    assert screened.status_code == 302
    assert other.status_code in (302, 404) and other.status_code != 200
    assert approve.status_code == 403
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.status, theirs.status) == (S.SCREENED, S.SUBMITTED)


def test_the_round_envelope_cannot_drop_below_what_is_committed(client_as, rabat, mu_staff):
    fund_round = factories.make_fund_round(envelope="20000")
    application = factories.make_fund_application(rabat, fund_round, status=S.IN_REVIEW)
    services.approve_application(
        application=application, amount_usd=Decimal("15000"), actor=mu_staff
    )
    client = client_as("mu_staff")
    today = datetime.date.today()

    response = client.post(
        reverse("admin:funding_fundround_change", args=[fund_round.pk]),
        {
            "title_en": "Round 2026",
            "kind": "round",
            "opens_on": fund_round.opens_on.isoformat(),
            "closes_on": (today + datetime.timedelta(days=5)).isoformat(),
            "envelope_usd": "10000",
            "final_report_days": "60",
            "rubric-TOTAL_FORMS": "0",
            "rubric-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "commit 15,000.00 USD" in response.content.decode()
    fund_round.refresh_from_db()
    assert fund_round.envelope_usd == Decimal("20000.00")


def test_the_fund_page_answers_for_each_city_an_official_acts_for_in_the_same_queries(
    client_as, rabat, fund_round, official_of_rabat, django_assert_max_num_queries
):
    """Each city with its own verdict and applications; a person who acts for more cities
    costs the page no more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import Official

    person = official_of_rabat.person
    version = factories.PrincipleVersionFactory(effective_on=datetime.date(2023, 1, 1))
    factories.CommitmentFactory(local_government=rabat, version=version)
    factories.make_fund_application(rabat, fund_round, title="Rabat youth plan")
    client = client_as("official_of_rabat")
    client.get(reverse("fund:home"))  # the session and permission caches are warm
    with CaptureQueriesContext(connection) as one_city:
        client.get(reverse("fund:home"))

    applicant = factories.LocalGovernmentFactory(name="Agadir", country="MA")
    factories.MembershipFactory(local_government=applicant, status=Membership.Status.APPLICANT)
    member = factories.LocalGovernmentFactory(name="Fez", country="MA")
    factories.MembershipFactory(local_government=member)
    factories.CommitmentFactory(local_government=member, version=version)
    factories.make_fund_application(member, fund_round, title="Fez dialogue")
    for city in (applicant, member):
        Official.objects.create(person=person, local_government=city, role=Official.Role.MAYOR)

    with django_assert_max_num_queries(len(one_city)):
        page = client.get(reverse("fund:home")).content.decode()

    sections = {
        name: page[page.index(f">{name}</h2>") :][:1500] for name in ("Agadir", "Fez", "Rabat")
    }
    assert "It is not an active member of the network." in sections["Agadir"]
    assert "Fez dialogue" in sections["Fez"] and "Rabat youth plan" not in sections["Fez"]
    assert "Apply to the fund" in sections["Fez"] and "Apply to the fund" in sections["Rabat"]
    assert "Rabat youth plan" in sections["Rabat"]
