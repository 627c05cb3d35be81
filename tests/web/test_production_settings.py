"""The settings as an operator meets them: Django started in a fresh process with only the
environment under test, so what the test process (or CI) has set cannot leak in."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Only what a Python process needs to start; every setting comes from the test itself.
_PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "portal.example.org",
}


def run(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {name: os.environ[name] for name in _PASSED_THROUGH if name in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "scn_portal.settings"
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    return run(["manage.py", *args], **environment)


def setting(expression: str, **environment: str) -> str:
    """The value of ``expression`` (over ``settings``) as Django computes it in that environment."""
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = run(["-c", code], **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def last_line(text: str) -> str:
    return [line for line in text.splitlines() if line.strip()][-1]


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_DEBUG="0", ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in last_line(result.stderr)


def test_production_refuses_to_start_with_a_blank_secret_key():
    result = manage("check", DJANGO_DEBUG="0", SECRET_KEY="   ", ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in last_line(result.stderr)


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64))

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in last_line(result.stderr)


def test_production_refuses_allowed_hosts_that_name_no_host():
    result = manage(
        "check", DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS=","
    )

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in last_line(result.stderr)


def test_a_complete_production_environment_passes_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_reads_several_allowed_hosts():
    hosts = setting(
        "settings.ALLOWED_HOSTS", **{**PRODUCTION, "ALLOWED_HOSTS": "a.example.org, b.example.org"}
    )

    assert hosts == "['a.example.org', 'b.example.org']"


def test_with_no_environment_the_portal_runs_on_sqlite_with_eager_tasks():
    assert setting('settings.DATABASES["default"]["ENGINE"]') == "django.db.backends.sqlite3"
    assert setting("settings.CELERY_TASK_ALWAYS_EAGER") == "True"
    assert setting("settings.DEBUG") == "True"


def test_a_database_url_switches_to_postgresql_with_prepared_statements():
    url = "postgres://u@127.0.0.1:5432/x"
    engine = 'settings.DATABASES["default"]["ENGINE"]'
    options = 'settings.DATABASES["default"]["OPTIONS"]'

    assert setting(engine, DATABASE_URL=url) == "scn_portal.postgresql"
    assert setting(options, DATABASE_URL=url) == (
        "{'server_side_binding': True, 'prepare_threshold': 5}"
    )
    # Behind a pooler that shares connections between transactions: Django's own.
    assert setting(engine, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0") == (
        "django.db.backends.postgresql"
    )
    assert setting(options, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0") == "{}"


def test_a_broker_url_sends_tasks_to_the_broker():
    eager = setting(
        "settings.CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL="redis://127.0.0.1:6379/0"
    )

    assert eager == "False"


def test_the_celery_app_follows_the_broker_setting():
    expression = "__import__('scn_portal.celery').celery.app.conf.task_always_eager"

    assert setting(expression) == "True"
    assert setting(expression, CELERY_BROKER_URL="redis://127.0.0.1:6379/0") == "False"


def test_production_sends_email_over_smtp():
    backend = setting("settings.EMAIL_BACKEND", **PRODUCTION)

    assert backend == "django.core.mail.backends.smtp.EmailBackend"


def test_development_prints_email_to_the_console():
    assert setting("settings.EMAIL_BACKEND") == "django.core.mail.backends.console.EmailBackend"


def test_production_keeps_cookies_secure_and_the_admin_behind_a_second_factor():
    values = setting(
        "(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.ADMIN_REQUIRES_MFA)",
        **PRODUCTION,
    )

    assert values == "(True, True, True)"


def test_production_answers_over_https_with_every_security_header(tmp_path):
    code = (
        "import django; django.setup(); from django.test import Client;"
        "r = Client(HTTP_HOST='portal.example.org').get('/healthz', secure=True);"
        "print(repr({k: r.get(k) for k in ("
        "'Strict-Transport-Security', 'Content-Security-Policy', 'X-Content-Type-Options',"
        "'Referrer-Policy', 'X-Frame-Options', 'Cross-Origin-Opener-Policy')}))"
    )
    result = run(["-c", code], DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    headers = eval(last_line(result.stdout))  # a dict literal printed by the child process

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_sends_plain_http_to_https_except_the_health_check(tmp_path):
    code = (
        "import django; django.setup(); from django.test import Client;"
        "c = Client(HTTP_HOST='portal.example.org');"
        "r = c.get('/en/');"
        "print(r.status_code, r['Location'], c.get('/healthz').status_code != 301)"
    )
    result = run(["-c", code], DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **PRODUCTION)
    assert result.returncode == 0, result.stderr

    assert last_line(result.stdout) == "301 https://portal.example.org/en/ True"
