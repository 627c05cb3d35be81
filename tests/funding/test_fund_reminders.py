"""Reminders of the reports a city owes on its grant from the Technical Support Fund: two
weeks before the due date and once when it is overdue, to the city's officials only, each
in their language, each once; never for a closed grant or a report already received."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from funding.models import FundApplication, FundReport
from scn_portal.reminders import registry
from scn_portal.reminders.models import ReminderDelivery
from scn_portal.reminders.services import send_due_reminders
from tests import factories

pytestmark = pytest.mark.django_db

RULE = "funding.grant_report_due"
S = FundApplication.Status
DUE = datetime.date(2026, 7, 1)


def run() -> dict[str, int]:
    return send_due_reminders(rule=registry.get(RULE))


def on(day: datetime.date, *, days: int = 0):
    """Travel to noon of ``day`` (plus ``days``), local time."""
    moment = datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(12))
    return time_machine.travel(timezone.make_aware(moment), tick=False)


def to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def grant(rabat):
    """Rabat's grant in delivery, its final report due on 1 July 2026."""
    application = factories.make_fund_application(
        rabat,
        status=S.IN_DELIVERY,
        title="Youth dialogue in Rabat",
        approved_usd=Decimal("15000.00"),
    )
    FundReport.objects.create(application=application, kind=FundReport.Kind.FINAL, due_on=DUE)
    return application


@pytest.fixture
def officials(rabat, official_of_rabat, official_of_other_city):
    """Rabat's focal point (English), its mayor (Arabic) and a deputy (French); Oslo's
    focal point is an official of another city."""
    rabat.name_ar = "الرباط"
    rabat.save(update_fields=["name_ar"])
    return {
        "en": official_of_rabat,
        "ar": factories.make_official(rabat, email="mayor@rabat.example.org", language="ar"),
        "fr": factories.make_official(rabat, email="deputy@rabat.example.org", language="fr"),
        "other": official_of_other_city,
    }


def test_the_rule_is_registered():
    rule = registry.get(RULE)
    assert rule is not None and rule.notice_days == 14


def test_officials_of_the_city_are_told_two_weeks_before_the_due_date_and_not_earlier(
    grant, officials
):
    with on(DUE, days=-15):
        assert run()["sent"] == 0
    assert mail.outbox == []

    with on(DUE, days=-14):
        assert run() == {"sent": 3, "failed": 0, "skipped": 0}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "deputy@rabat.example.org",
        "focal.point@rabat.example.org",
        "mayor@rabat.example.org",
    ]
    english = to("focal.point@rabat.example.org")[0]
    assert english.subject == "Final report due on July 1, 2026: “Youth dialogue in Rabat”"
    assert (
        "Rabat owes the Technical Support Fund a report on its grant “Youth dialogue in "
        "Rabat”: Final report, due on July 1, 2026." in english.body
    )
    assert "overdue" not in english.body
    report_page = reverse("fund:report", kwargs={"code": grant.code, "kind": "final"})
    assert report_page in english.body
    assert english.alternatives[0][1] == "text/html"
    assert report_page in english.alternatives[0][0]


def test_the_reminder_before_the_due_date_is_sent_once(grant, officials):
    with on(DUE, days=-14):
        run()
    with on(DUE, days=-14):
        assert run() == {"sent": 0, "failed": 0, "skipped": 3}
    with on(DUE, days=-3):
        assert run()["sent"] == 0
    with on(DUE):
        assert run()["sent"] == 0  # due today: not overdue yet
    assert len(mail.outbox) == 3


def test_an_overdue_report_is_reminded_once_with_the_days_overdue(grant, officials):
    with on(DUE, days=-14):
        run()
    mail.outbox.clear()

    with on(DUE, days=1):
        assert run()["sent"] == 3
    english = to("focal.point@rabat.example.org")[0]
    assert english.subject == "Final report not received: “Youth dialogue in Rabat” (1 day overdue)"
    assert "due on July 1, 2026, has not been received (1 day overdue)." in english.body

    with on(DUE, days=9):
        assert run() == {"sent": 0, "failed": 0, "skipped": 3}
    assert len(mail.outbox) == 3
    assert ReminderDelivery.objects.filter(rule=RULE).count() == 6


def test_a_report_first_seen_overdue_is_reminded_once_with_the_plural(grant, officials):
    with on(DUE, days=5):
        assert run()["sent"] == 3  # overdue only: the earlier notice is not sent late
    english = to("focal.point@rabat.example.org")[0]
    assert english.subject.endswith("(5 days overdue)")
    assert "has not been received (5 days overdue)." in english.body
    assert "(5 jours de retard)" in to("deputy@rabat.example.org")[0].subject


@pytest.mark.parametrize(
    ("days", "arabic"),
    [
        (1, "(متأخر يومًا واحدًا)"),
        (2, "(متأخر يومين)"),
        (5, "(متأخر 5 أيام)"),
        (11, "(متأخر 11 يومًا)"),
        (100, "(متأخر 100 يوم)"),
    ],
)
def test_the_days_overdue_take_the_arabic_plural_forms(grant, officials, days, arabic):
    with on(DUE, days=days):
        run()
    message = to("mayor@rabat.example.org")[0]
    assert arabic in message.subject
    assert arabic in message.body


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("en", "(1 day overdue)", "(3 days overdue)"),
        ("fr", "(1 jour de retard)", "(3 jours de retard)"),
        ("es", "(1 día de retraso)", "(3 días de retraso)"),
    ],
)
def test_the_days_overdue_take_the_plural_forms_of_each_language(grant, rabat, language, one, many):
    factories.make_official(rabat, email="official@rabat.example.org", language=language)
    with on(DUE, days=1):
        run()
    assert one in mail.outbox[0].subject and one in mail.outbox[0].body
    FundReport.objects.filter(application=grant).update(due_on=DUE - datetime.timedelta(days=2))
    with on(DUE, days=1):
        run()  # a due date moved is a new occasion
    assert many in mail.outbox[1].subject and many in mail.outbox[1].body


def test_each_official_reads_the_reminder_in_their_language(grant, officials):
    with on(DUE, days=-14):
        run()
    arabic = to("mayor@rabat.example.org")[0]
    assert "الرباط" in arabic.body
    assert "تقرير نهائي" in arabic.subject
    assert 'lang="ar" dir="rtl"' in arabic.alternatives[0][0]
    with translation.override("ar"):
        page = reverse("fund:report", kwargs={"code": grant.code, "kind": "final"})
    assert page.startswith("/ar/") and page in arabic.body
    french = to("deputy@rabat.example.org")[0]
    assert "Rapport final" in french.subject
    assert ReminderDelivery.objects.get(email="mayor@rabat.example.org").language == "ar"


def test_officials_of_another_city_and_former_officials_are_not_told(grant, officials, rabat):
    former = factories.make_official(rabat, email="former@rabat.example.org")
    former.person.officials.update(is_active=False)
    with on(DUE, days=-14):
        run()
    with on(DUE, days=3):
        run()
    addresses = {m.to[0] for m in mail.outbox}
    assert "focal.point@oslo.example.org" not in addresses
    assert "former@rabat.example.org" not in addresses
    assert len(addresses) == 3


def test_an_interim_report_is_reminded_too(grant, officials):
    FundReport.objects.create(
        application=grant, kind=FundReport.Kind.INTERIM, due_on=DUE - datetime.timedelta(days=90)
    )
    with on(DUE, days=-14):
        assert run()["sent"] == 6  # the interim overdue, the final due in two weeks
    subjects = {m.subject for m in to("focal.point@rabat.example.org")}
    assert subjects == {
        "Interim report not received: “Youth dialogue in Rabat” (76 days overdue)",
        "Final report due on July 1, 2026: “Youth dialogue in Rabat”",
    }


def test_no_reminder_for_a_report_received_or_a_grant_closed(grant, officials, rabat):
    grant.reports.update(submitted_at=timezone.now())
    closed = factories.make_fund_application(
        rabat, grant.round, status=S.CLOSED, title="Closed grant", approved_usd=Decimal("100")
    )
    FundReport.objects.create(application=closed, kind=FundReport.Kind.INTERIM, due_on=DUE)
    declined = factories.make_fund_application(
        rabat, grant.round, status=S.DECLINED, title="Declined"
    )
    FundReport.objects.create(application=declined, kind=FundReport.Kind.FINAL, due_on=DUE)
    with on(DUE, days=-14):
        assert run()["sent"] == 0
    with on(DUE, days=2):
        assert run()["sent"] == 0
    assert mail.outbox == []


def test_an_approved_grant_not_yet_in_delivery_is_reminded(grant, officials):
    FundApplication.objects.filter(pk=grant.pk).update(status=S.APPROVED)
    with on(DUE, days=-1):
        assert run()["sent"] == 3


def test_the_reminders_cost_the_same_queries_however_many_reports_are_due(
    rabat, oslo, officials, django_assert_max_num_queries
):
    fund_round = factories.make_fund_round()
    for n in range(6):
        application = factories.make_fund_application(
            rabat if n % 2 else oslo,
            fund_round,
            status=S.IN_DELIVERY,
            title=f"Grant {n}",
            approved_usd=Decimal("1000"),
        )
        FundReport.objects.create(application=application, kind=FundReport.Kind.FINAL, due_on=DUE)
    with on(DUE, days=2), django_assert_max_num_queries(2):
        due = list(registry.get(RULE).due())
    assert len(due) == 3 * 3 + 3 * 1
