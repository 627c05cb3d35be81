"""A report whose worker died is redone once, then marked failed; never stuck "running"."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from scn_portal.reports import services
from scn_portal.reports.models import ReportRequest
from scn_portal.reports.tasks import render_report, sweep_reports


def stuck(actor, *, attempts: int, minutes_ago: int = 60) -> ReportRequest:
    return ReportRequest.objects.create(
        kind="network_at_a_glance",
        language="en",
        requested_by=actor,
        status=ReportRequest.Status.RUNNING,
        attempts=attempts,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_a_report_whose_worker_died_is_redone(mu_staff, django_capture_on_commit_callbacks):
    report = stuck(mu_staff, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_reports() == {"requeued": 1, "failed": 0}
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.DONE
    assert report.attempts == 2 and report.file


def test_a_report_interrupted_twice_is_marked_failed_and_says_so(client_as, mu_staff):
    report = stuck(mu_staff, attempts=2)
    assert sweep_reports() == {"requeued": 0, "failed": 1}
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.FAILED
    page = client_as("mu_staff").get(report.get_absolute_url()).content.decode()
    assert "interrupted twice" in page


def test_a_report_still_within_its_time_limit_is_left_alone(mu_staff):
    report = stuck(mu_staff, attempts=1, minutes_ago=2)
    assert sweep_reports() == {"requeued": 0, "failed": 0}
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.RUNNING


def test_sweeping_twice_redoes_a_report_once(mu_staff, django_capture_on_commit_callbacks):
    stuck(mu_staff, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reports()
        assert sweep_reports() == {"requeued": 0, "failed": 0}


def test_rendering_the_same_report_twice_renders_it_once(mu_staff):
    report = ReportRequest.objects.create(
        kind="network_at_a_glance", language="fr", requested_by=mu_staff
    )
    render_report(report_id=report.pk)
    report.refresh_from_db()
    first = (report.file.name, report.finished_at, report.attempts)
    render_report(report_id=report.pk)
    report.refresh_from_db()
    assert (report.file.name, report.finished_at, report.attempts) == first


def test_a_task_for_a_deleted_report_returns_quietly(db):
    render_report(report_id=987654)


def test_a_transient_database_error_hands_the_report_back_for_a_retry(mu_staff, monkeypatch):
    report = ReportRequest.objects.create(
        kind="network_at_a_glance", language="en", requested_by=mu_staff
    )

    def database_restarting(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "render_pdf", database_restarting)
    with pytest.raises(OperationalError):
        services.render_report_request(report=report)
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.QUEUED
    assert render_report.max_retries == 5 and OperationalError in render_report.autoretry_for
