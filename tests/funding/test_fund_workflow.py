"""The Technical Support Fund from draft to closure, through its services: who may apply,
what a submission needs, screening, review with conflicts of interest, the envelope,
payments, reports and closure. Every refusal leaves nothing changed."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from funding.errors import FundError
from funding.models import (
    ApprovalAmendment,
    Disbursement,
    FundApplication,
    FundReport,
    FundReview,
    FundScore,
    FundTransition,
)
from funding.selectors.fund import envelope_of, fund_totals, score_spread
from funding.services import fund as services
from members.models import Membership
from tests import factories

S = FundApplication.Status


def _in_review(application, staff, *reviewers):
    FundApplication.objects.filter(pk=application.pk).update(status=S.SCREENED)
    application.refresh_from_db()
    return services.assign_reviewers(application=application, reviewers=reviewers, actor=staff)


# --- Applying -----------------------------------------------------------------------------


def test_an_eligible_member_starts_a_draft_with_its_hub_prefilled(
    official_of_rabat, rabat, mena_hub
):
    fund_round = factories.make_fund_round()

    application = services.start_application(
        local_government=rabat,
        fund_round=fund_round,
        title="Youth dialogue",
        actor=official_of_rabat,
    )

    assert application.status == S.DRAFT
    assert application.hub == mena_hub
    assert application.created_by == official_of_rabat


@pytest.mark.parametrize(
    "status", [Membership.Status.APPLICANT, Membership.Status.SUSPENDED, Membership.Status.LAPSED]
)
def test_a_city_that_may_not_hold_member_benefits_gets_the_reason_and_nothing_is_saved(
    official_of_rabat, rabat, status
):
    Membership.objects.filter(local_government=rabat).update(status=status)
    fund_round = factories.make_fund_round()

    with pytest.raises(FundError) as refused:
        services.start_application(
            local_government=rabat, fund_round=fund_round, title="Youth", actor=official_of_rabat
        )

    assert refused.value.code == "city_ineligible"
    assert "not an active member" in refused.value.messages[0]
    assert not FundApplication.objects.exists()


def test_a_city_inside_a_disputed_territory_cannot_apply(official_of_rabat, rabat):
    rabat.subdivision = "MA-XX"
    rabat.save(update_fields=["subdivision"])
    factories.DisputedTerritoryFactory(name="Contested area", subdivision_codes=["MA-XX"])

    with pytest.raises(FundError) as refused:
        services.start_application(
            local_government=rabat,
            fund_round=factories.make_fund_round(),
            title="Youth",
            actor=official_of_rabat,
        )

    assert "Contested area" in refused.value.messages[0]
    assert not FundApplication.objects.exists()


def test_a_closed_round_takes_no_application(official_of_rabat, rabat):
    today = datetime.date.today()
    closed = factories.make_fund_round(
        opens_on=today - datetime.timedelta(days=60), closes_on=today - datetime.timedelta(days=1)
    )

    with pytest.raises(FundError) as refused:
        services.start_application(
            local_government=rabat, fund_round=closed, title="Youth", actor=official_of_rabat
        )

    assert refused.value.code == "round_closed"


def test_an_incomplete_draft_is_refused_field_by_field_and_stays_a_draft(official_of_rabat, rabat):
    application = factories.make_fund_application(
        rabat, need="", timeline="", requested_usd=None, support_kind=None
    )

    with pytest.raises(FundError) as refused:
        services.submit_application(application=application, actor=official_of_rabat)

    assert set(refused.value.message_dict) >= {"need", "timeline", "requested_usd", "support_kind"}
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.submitted_at is None


def test_a_priority_the_round_does_not_fund_is_refused(official_of_rabat, rabat):
    fund_round = factories.make_fund_round()
    fund_round.priorities.add(factories.StrategicPriorityFactory(number=1, code="exchange"))
    application = factories.make_fund_application(rabat, fund_round)

    with pytest.raises(FundError) as refused:
        services.submit_application(application=application, actor=official_of_rabat)

    assert "priorities" in refused.value.message_dict


def test_a_zero_or_negative_budget_is_refused_and_the_draft_keeps_its_amount(
    official_of_rabat, rabat
):
    application = factories.make_fund_application(rabat)
    for amount in (Decimal("0"), Decimal("-5")):
        with pytest.raises(FundError) as refused:
            services.update_draft(
                application=application,
                data={"requested_usd": amount, "title": "Changed"},
                actor=official_of_rabat,
            )
        assert "requested_usd" in refused.value.message_dict
    application.refresh_from_db()
    assert (application.requested_usd, application.title) == (
        Decimal("20000.00"),
        "Youth engagement training",
    )


def test_other_cities_involved_must_be_members(official_of_rabat, rabat, oslo):
    application = factories.make_fund_application(rabat)
    Membership.objects.filter(local_government=oslo).update(status=Membership.Status.WITHDRAWN)

    with pytest.raises(FundError) as refused:
        services.update_draft(
            application=application, data={}, other_cities=[oslo], actor=official_of_rabat
        )

    assert "Oslo" in refused.value.message_dict["other_cities"][0]
    assert not application.other_cities.exists()


def test_a_complete_draft_is_submitted(official_of_rabat, rabat):
    application = factories.make_fund_application(rabat)

    services.submit_application(application=application, actor=official_of_rabat)

    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.submitted_at is not None
    assert not mail.outbox  # the official's own act is not announced


# --- Screening, review, conflicts ---------------------------------------------------------


def test_screening_that_fails_declines_with_the_reasons_emailed_to_the_city(
    mu_staff, official_of_rabat, rabat, django_capture_on_commit_callbacks
):
    application = factories.make_fund_application(rabat, status=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.screen_application(
            application=application,
            passed=False,
            note="Not aligned with the priorities.",
            actor=mu_staff,
        )

    application.refresh_from_db()
    assert application.status == S.DECLINED
    assert application.decision_reason == "Not aligned with the priorities."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [official_of_rabat.email]
    assert "Not aligned with the priorities." in mail.outbox[0].body


def test_the_decision_email_is_in_the_officials_language(
    mu_staff, official_of_rabat, rabat, django_capture_on_commit_callbacks
):
    official_of_rabat.language = "fr"
    official_of_rabat.save(update_fields=["language"])
    application = factories.make_fund_application(rabat, status=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.screen_application(
            application=application, passed=True, note="Eligible et aligné.", actor=mu_staff
        )

    assert "Fonds d'assistance technique" in mail.outbox[0].subject


def test_a_conflicted_reviewer_cannot_score_and_nothing_is_recorded(mu_staff, expert, rabat):
    application = factories.make_fund_application(rabat)
    [review] = _in_review(application, mu_staff, expert)
    services.declare_conflict(
        review=review, conflicted=True, note="I advise this city.", actor=expert
    )
    criteria = {c.pk: 4 for c in application.round.rubric.all()}

    with pytest.raises(FundError) as refused:
        services.score_application(review=review, scores=criteria, actor=expert)

    assert refused.value.code == "conflicted"
    assert not FundScore.objects.exists()


def test_a_reviewer_declares_conflicts_before_scoring(mu_staff, expert, rabat):
    application = factories.make_fund_application(rabat)
    [review] = _in_review(application, mu_staff, expert)
    criteria = {c.pk: 4 for c in application.round.rubric.all()}

    with pytest.raises(FundError) as refused:
        services.score_application(review=review, scores=criteria, actor=expert)

    assert refused.value.code == "not_declared"
    assert not FundScore.objects.exists()


def test_only_the_reviewer_declares_and_scores_their_review(mu_staff, expert, rabat):
    application = factories.make_fund_application(rabat)
    [review] = _in_review(application, mu_staff, expert)

    with pytest.raises(FundError):
        services.declare_conflict(review=review, conflicted=False, actor=mu_staff)

    review.refresh_from_db()
    assert review.declared_at is None


def test_staff_see_the_spread_of_weighted_scores(mu_staff, expert, isc_member, rabat):
    application = factories.make_fund_application(rabat)
    first, second = _in_review(application, mu_staff, expert, isc_member)
    alignment, feasibility = application.round.rubric.all()
    for review, user, scores in (
        (first, expert, {alignment.pk: 5, feasibility.pk: 2}),
        (second, isc_member, {alignment.pk: 2, feasibility.pk: 2}),
    ):
        services.declare_conflict(review=review, conflicted=False, actor=user)
        services.score_application(review=review, scores=scores, actor=user)

    spread = score_spread(application)

    # (5*2 + 2*1) / 3 = 4.00 and (2*2 + 2*1) / 3 = 2.00
    assert spread.weighted == [Decimal("2.00"), Decimal("4.00")]
    assert spread.mean == Decimal("3.00")


def test_a_score_outside_the_scale_is_refused(mu_staff, expert, rabat):
    application = factories.make_fund_application(rabat)
    [review] = _in_review(application, mu_staff, expert)
    services.declare_conflict(review=review, conflicted=False, actor=expert)

    with pytest.raises(FundError):
        services.score_application(
            review=review, scores={c.pk: 9 for c in application.round.rubric.all()}, actor=expert
        )

    assert not FundScore.objects.exists()


# --- Decisions and the envelope -----------------------------------------------------------


def test_approval_commits_the_envelope_and_sets_the_reports_due(mu_staff, rabat):
    application = factories.make_fund_application(rabat, status=S.IN_REVIEW)

    services.approve_application(
        application=application,
        amount_usd=Decimal("30000"),
        conditions="Share the training material.",
        actor=mu_staff,
    )

    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert envelope_of(application.round).remaining == Decimal("70000.00")
    final = application.reports.get(kind=FundReport.Kind.FINAL)
    assert final.due_on == application.ends_on + datetime.timedelta(days=60)


def test_an_approval_over_the_envelope_is_refused(mu_staff, rabat, oslo):
    fund_round = factories.make_fund_round(envelope="50000")
    first = factories.make_fund_application(rabat, fund_round, status=S.IN_REVIEW)
    second = factories.make_fund_application(oslo, fund_round, status=S.IN_REVIEW)
    services.approve_application(application=first, amount_usd=Decimal("40000"), actor=mu_staff)

    with pytest.raises(FundError) as refused:
        services.approve_application(
            application=second, amount_usd=Decimal("10000.01"), actor=mu_staff
        )

    assert refused.value.code == "over_envelope"
    assert "10,000.00 USD remain" in refused.value.messages[0]
    second.refresh_from_db()
    assert (second.status, second.approved_usd) == (S.IN_REVIEW, None)


@pytest.mark.django_db(transaction=True)
def test_two_approvals_saved_at_the_same_moment_never_exceed_the_envelope(mu_staff, rabat, oslo):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the whole file)")
    fund_round = factories.make_fund_round(envelope="50000")
    applications = [
        factories.make_fund_application(city, fund_round, status=S.IN_REVIEW)
        for city in (rabat, oslo)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(application):
        try:
            barrier.wait()
            services.approve_application(
                application=FundApplication.objects.get(pk=application.pk),
                amount_usd=Decimal("30000"),
                actor=mu_staff,
            )
            outcomes.append("approved")
        except FundError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "refused"]
    assert envelope_of(fund_round).committed == Decimal("30000.00")


def test_a_decline_needs_its_reasons(mu_staff, rabat):
    application = factories.make_fund_application(rabat, status=S.IN_REVIEW)

    with pytest.raises(FundError):
        services.decline_application(application=application, reason="  ", actor=mu_staff)

    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


def test_an_amendment_is_recorded_and_stays_within_the_envelope(mu_staff, rabat):
    fund_round = factories.make_fund_round(envelope="50000")
    application = factories.make_fund_application(rabat, fund_round, status=S.IN_REVIEW)
    services.approve_application(
        application=application, amount_usd=Decimal("40000"), actor=mu_staff
    )

    with pytest.raises(FundError):
        services.amend_approved_amount(
            application=application, new_usd=Decimal("60000"), reason="More", actor=mu_staff
        )
    services.amend_approved_amount(
        application=application, new_usd=Decimal("45000"), reason="Interpretation", actor=mu_staff
    )

    application.refresh_from_db()
    assert application.approved_usd == Decimal("45000.00")
    amendment = ApprovalAmendment.objects.get()
    assert (amendment.previous_usd, amendment.new_usd) == (Decimal("40000.00"), Decimal("45000.00"))


def test_payments_never_exceed_the_approved_amount(mu_staff, rabat):
    application = factories.make_fund_application(rabat, status=S.IN_REVIEW)
    services.approve_application(
        application=application, amount_usd=Decimal("1000"), actor=mu_staff
    )
    today = datetime.date.today()
    services.record_disbursement(
        application=application, amount_usd=Decimal("600"), paid_on=today, actor=mu_staff
    )

    with pytest.raises(FundError) as refused:
        services.record_disbursement(
            application=application, amount_usd=Decimal("400.01"), paid_on=today, actor=mu_staff
        )

    assert refused.value.code == "over_approved"
    assert Disbursement.objects.count() == 1


def test_a_grant_closes_only_after_its_final_report(mu_staff, official_of_rabat, rabat):
    application = factories.make_fund_application(rabat, status=S.IN_REVIEW)
    services.approve_application(
        application=application, amount_usd=Decimal("1000"), actor=mu_staff
    )
    services.start_delivery(application=application, actor=mu_staff)

    with pytest.raises(FundError):
        services.close_application(application=application, actor=mu_staff)
    report = application.reports.get(kind=FundReport.Kind.FINAL)
    services.submit_report(
        report=report,
        summary="Three workshops held.",
        file=SimpleUploadedFile("report.pdf", factories.PDF_BYTES),
        actor=official_of_rabat,
    )
    services.close_application(application=application, actor=mu_staff)

    application.refresh_from_db()
    assert application.status == S.CLOSED


def test_a_report_that_is_not_a_pdf_is_refused(mu_staff, official_of_rabat, rabat):
    application = factories.make_fund_application(rabat, status=S.IN_REVIEW)
    services.approve_application(
        application=application, amount_usd=Decimal("1000"), actor=mu_staff
    )
    report = application.reports.get(kind=FundReport.Kind.FINAL)

    with pytest.raises(Exception) as refused:
        services.submit_report(
            report=report,
            summary="Done.",
            file=SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"),
            actor=official_of_rabat,
        )

    assert "PDF" in refused.value.messages[0]
    report.refresh_from_db()
    assert report.submitted_at is None


def test_every_step_is_recorded_in_the_history(mu_staff, official_of_rabat, expert, rabat):
    application = factories.make_fund_application(rabat)
    services.submit_application(application=application, actor=official_of_rabat)
    services.screen_application(
        application=application, passed=True, note="Aligned.", actor=mu_staff
    )
    services.assign_reviewers(application=application, reviewers=[expert], actor=mu_staff)
    services.approve_application(
        application=application, amount_usd=Decimal("5000"), actor=mu_staff
    )

    moves = list(FundTransition.objects.values_list("from_status", "to_status"))

    assert moves == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.SCREENED),
        (S.SCREENED, S.IN_REVIEW),
        (S.IN_REVIEW, S.APPROVED),
    ]
    assert FundReview.objects.filter(application=application, reviewer=expert).exists()


def test_fund_totals_count_approved_grants_of_the_year_only(mu_staff, rabat, oslo):
    approved = factories.make_fund_application(rabat, status=S.IN_REVIEW)
    services.approve_application(application=approved, amount_usd=Decimal("1200"), actor=mu_staff)
    factories.make_fund_application(oslo, approved.round, status=S.DECLINED)

    totals = fund_totals(datetime.date.today().year)

    assert totals["total"] == Decimal("1200.00")
    assert [(r["code"], r["total"]) for r in totals["by_support_kind"]] == [
        ("tailored-training", Decimal("1200.00"))
    ]
    assert [r["code"] for r in totals["by_priority"]] == ["city-youth"]
    assert fund_totals(datetime.date.today().year - 1)["total"] == Decimal("0")
