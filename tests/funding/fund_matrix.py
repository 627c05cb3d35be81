"""The Technical Support Fund in the URL × role matrix: the records it opens (made with the
matrix's world), what each role gets on the fund's pages, and its admin's exceptions."""

from decimal import Decimal

from tests import factories


def populate(world) -> None:
    """A draft, a granted application with its final report due, and (made last, so the
    admin opens it) one in review with the expert asked to review it; all Rabat's, served
    by the MENA hub."""
    from funding.models import FundApplication, FundReport, FundReview
    from hubs.models import Hub

    fund_round = factories.make_fund_round(title="Matrix round")
    world.fund_draft = factories.make_fund_application(world.rabat, fund_round)
    world.fund_granted = factories.make_fund_application(
        world.rabat, fund_round, status="approved", approved_usd=Decimal("1000")
    )
    FundReport.objects.create(
        application=world.fund_granted, kind="final", due_on=world.fund_granted.ends_on
    )
    world.fund_in_review = factories.make_fund_application(
        world.rabat, fund_round, status="in_review", hub=Hub.objects.get(slug="mena")
    )
    FundReview.objects.create(application=world.fund_in_review, reviewer=world.expert)
    assert FundApplication.objects.first() == world.fund_in_review


def rows(Row, answers, group, *, NOT_STAFF, HUB, OFFICIAL_OF_RABAT_ONLY, SIGNED_IN_ONLY, STAFF_2FA):
    """The fund's rows of the matrix (``Row`` and the helpers are the matrix's own)."""
    mine = {
        "fund:home": Row(SIGNED_IN_ONLY),
        "fund:start": Row(OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.rabat.code}),
        "fund:application": Row(
            OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.fund_granted.code}
        ),
        "fund:edit": Row(OFFICIAL_OF_RABAT_ONLY, kwargs=lambda w: {"code": w.fund_draft.code}),
        "fund:submit": Row(
            answers(405, anonymous=302),
            kwargs=lambda w: {"code": w.fund_draft.code},
            note="POST only",
        ),
        "fund:withdraw": Row(
            answers(405, anonymous=302),
            kwargs=lambda w: {"code": w.fund_draft.code},
            note="POST only",
        ),
        # The grant letter: the city's officials, and Management Unit staff.
        "fund:grant_letter": Row(
            answers(404, anonymous=302, official_of_rabat=200, mu_staff=200, superuser=200),
            kwargs=lambda w: {"code": w.fund_granted.code},
        ),
        "fund:report": Row(
            OFFICIAL_OF_RABAT_ONLY,
            kwargs=lambda w: {"code": w.fund_granted.code, "kind": "final"},
        ),
        # A review: only the reviewer asked for it.
        "fund:review": Row(
            answers(404, anonymous=302, expert=200),
            kwargs=lambda w: {"code": w.fund_in_review.code},
        ),
    }
    # The buttons of an application's page: screening is the Management Unit's and the
    # hub's (another hub's staff find no such application: 302); deciding is the
    # Management Unit's (the hub's staff are refused: 403).
    for name in ("screen", "return"):
        mine[f"admin:funding_fundapplication_{name}"] = Row(
            answers(200, anonymous=302, **group(NOT_STAFF, 302), hub_staff_other=302),
            kwargs=lambda w: {"object_id": w.fund_in_review.pk},
            **STAFF_2FA,
        )
    # Who delivers a grant: the Management Unit, and the staff of the hub delivering it.
    mine["admin:funding_fundapplication_delivery"] = Row(
        answers(200, anonymous=302, **group(NOT_STAFF, 302), hub_staff_other=302),
        kwargs=lambda w: {"object_id": w.fund_in_review.pk},
        **STAFF_2FA,
    )
    for name in ("reviewers", "approve", "decline", "amend", "deliver", "disburse", "close"):
        mine[f"admin:funding_fundapplication_{name}"] = Row(
            answers(
                200, anonymous=302, **group(NOT_STAFF, 302), hub_staff_mena=403, hub_staff_other=302
            ),
            kwargs=lambda w: {"object_id": w.fund_in_review.pk},
            **STAFF_2FA,
        )
    return mine


def admin_exceptions(HUB_READ, HUB_OWN_ONLY) -> dict:
    """Hub staff read and screen their hub's applications; nothing is added or deleted by
    hand (cities apply in the portal; rounds and kinds of support stay for the history)."""
    return {
        ("funding.fundapplication", "changelist"): HUB_READ,
        ("funding.fundapplication", "change"): HUB_OWN_ONLY,
        ("funding.fundapplication", "history"): HUB_OWN_ONLY,
    }


READ_ONLY = {
    "funding.fundapplication": ("add", "delete"),
    "funding.fundround": ("delete",),
    "funding.supportkind": ("delete",),
}
