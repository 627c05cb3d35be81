"""Arbitrary input thrown at the fund's portal forms (the rules of
``tests/platform/test_fuzz_portal_forms.py``, whose helpers these reuse): never a 500; a
refused submission leaves every row, the application and the media folder as they were."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from funding.models import FundReview
from tests import factories
from tests.platform import test_fuzz_portal_forms
from tests.platform.test_fuzz_forms import FUZZ, number, text
from tests.platform.test_fuzz_portal_forms import (
    check,
    choice,
    clean,
    junk_ids,
    mix,
    multipart,
    several,
    snapshot,
    uploads,
    url,
)

# The fixture that posts a form and runs its on-commit work, as the portal's fuzzing does.
post = test_fuzz_portal_forms.post
PERSONAS = st.sampled_from(["official_of_rabat", "official_of_other_city", "hub_staff_mena"])
dates = st.dates().map(str) | text


@pytest.fixture
def fund_round(db):
    return factories.make_fund_round()


@FUZZ
@given(data=st.data(), title=text, round_id=junk_ids, persona=PERSONAS)
def test_a_refused_start_of_a_fund_application_saves_nothing(
    client_as, rabat, fund_round, post, data, title, round_id, persona
):
    valid = {"round": str(fund_round.pk), "title": "Youth dialogue"}
    wild = {"round": round_id, "title": title}
    client = client_as(persona)
    before = snapshot()
    response = post(client, url("fund:start", code=rabat.code), mix(data, valid, wild))
    check(response, before)


@FUZZ
@given(
    data=st.data(),
    need=text,
    amount=number | choice("0", "-1", "1e9", "12345678901234.5", "0.001"),
    starts=dates,
    ends=dates,
    kind=junk_ids,
    persona=PERSONAS,
)
def test_a_refused_fund_draft_changes_nothing(
    client_as, rabat, fund_round, post, data, need, amount, starts, ends, kind, persona
):
    application = factories.make_fund_application(rabat, fund_round)
    valid = {
        "title": "Youth dialogue",
        "need": "Facilitators.",
        "priorities": [str(p.pk) for p in application.priorities.all()],
        "support_kind": str(application.support_kind_id),
        "starts_on": "2027-02-01",
        "ends_on": "2027-05-01",
        "timeline": "Three workshops.",
        "requested_usd": "15000",
        "in_kind_needs": "",
    }
    wild = {
        "need": need,
        "requested_usd": amount,
        "starts_on": starts,
        "ends_on": ends,
        "support_kind": kind,
        "priorities": data.draw(several(junk_ids)),
        "other_cities": data.draw(several(junk_ids)),
    }
    client = client_as(persona)
    before = snapshot(application, application.priorities.all())
    response = post(client, url("fund:edit", code=application.code), mix(data, valid, wild))
    check(response, before, application, application.priorities.all())


@FUZZ
@given(name=st.sampled_from(["fund:submit", "fund:withdraw"]), persona=PERSONAS, junk=text)
def test_fund_actions_without_fields_never_fail(
    client_as, rabat, fund_round, post, name, persona, junk
):
    application = factories.make_fund_application(rabat, fund_round, need="")
    client = client_as(persona)
    before = snapshot(application)
    response = post(client, url(name, code=application.code), {"anything": junk})
    check(response, before, application)


@FUZZ
@given(data=st.data(), summary=text, upload=st.none() | uploads, persona=PERSONAS)
def test_a_refused_fund_report_stores_nothing(
    client_as, rabat, fund_round, post, data, summary, upload, persona
):
    application = factories.make_fund_application(
        rabat, fund_round, status="approved", approved_usd="1000"
    )
    report = application.reports.create(kind="final", due_on=application.ends_on)
    fields = mix(data, {"summary": "Done."}, {"summary": summary})
    body, content_type = multipart(clean(fields), {"file": upload} if upload else {})
    client = client_as(persona)
    before = snapshot(report)
    response = post(
        client,
        url("fund:report", code=application.code, kind="final"),
        body=body,
        content_type=content_type,
    )
    check(response, before, report)


@FUZZ
@given(
    data=st.data(),
    conflicted=choice("yes", "no", "maybe", ""),
    note=text,
    score=choice("0", "3", "5", "6", "-1", "x"),
    persona=st.sampled_from(["expert", "official_of_rabat", "mu_staff"]),
)
def test_refused_declarations_and_scores_change_nothing(
    client_as, rabat, fund_round, expert, post, data, conflicted, note, score, persona
):
    application = factories.make_fund_application(rabat, fund_round, status="in_review")
    review = FundReview.objects.create(application=application, reviewer=expert)
    criteria = {f"criterion_{c.pk}": "4" for c in fund_round.rubric.all()}
    valid = {"conflicted": "no", "note": "", **criteria}
    wild = {"conflicted": conflicted, "note": note, **dict.fromkeys(criteria, score)}
    client = client_as(persona)
    target = url("fund:review", code=application.code)
    before = snapshot(review)
    response = post(client, target, mix(data, valid, wild))
    check(response, before, review)
    review.refresh_from_db()
    if review.declared_at is not None and not review.conflicted:
        before = snapshot(review)
        response = post(client, target, mix(data, valid, wild))
        check(response, before, review)
