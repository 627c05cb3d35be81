"""The restore drill: seed, back up, restore into a fresh database, compare.

Runs the real commands in subprocesses, once on SQLite and once on PostgreSQL (when the
test run has it; CI does).
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def shell(code: str, env: dict) -> str:
    return manage("shell", "-v", "0", "-c", code, env=env).stdout.strip()


SAMPLE = """
import json
from members.models import LocalGovernment
from scn_portal.accounts.models import User
rabat = LocalGovernment.objects.get(name_en="Rabat")
print(json.dumps({
    "rabat": [rabat.name_ar, str(rabat.code), rabat.country.code, rabat.membership.status],
    "staff": sorted(User.objects.filter(is_staff=True).values_list("email", flat=True)),
}))
"""


def postgres_url(name: str) -> str | None:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return None
    return base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def two_databases(request, tmp_path):
    """The URLs of a source and an empty target database of the given engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    suffix = uuid.uuid4().hex[:8]
    source, target = postgres_url(f"drill_src_{suffix}"), postgres_url(f"drill_dst_{suffix}")
    if source is None:
        if os.environ.get("SCN_REQUIRE_SERVICES") == "1":
            pytest.fail("the PostgreSQL restore drill needs DATABASE_URL=postgres://…")
        pytest.skip("the PostgreSQL restore drill needs DATABASE_URL=postgres://…")
    admin = {**os.environ}
    for url in (source, target):
        subprocess.run(["createdb", *_pg_conn(url)], check=True, env=admin)
    yield source, target
    for url in (source, target):
        subprocess.run(["dropdb", "--if-exists", *_pg_conn(url)], check=False, env=admin)


def _pg_conn(url: str) -> list[str]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    if parts.username:
        args += ["-U", parts.username]
    return [*args, parts.path.lstrip("/")]


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    two_databases, tmp_path
):
    source_url, target_url = two_databases
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "DJANGO_DEBUG"}
    }
    source = {**base, "DATABASE_URL": source_url, "MEDIA_ROOT": str(tmp_path / "media-src")}
    target = {**base, "DATABASE_URL": target_url, "MEDIA_ROOT": str(tmp_path / "media-dst")}

    manage("migrate", "-v0", env=source)
    manage("seed_demo", "--scale", "20", env=source)
    letter = tmp_path / "media-src" / "commitments" / "letter.pdf"
    letter.parent.mkdir(parents=True)
    letter.write_bytes(b"%PDF-1.4 signed letter of the mayor\n%%EOF\n")
    before = json.loads(shell(SAMPLE, source))

    archive = manage("backup", "--dir", str(tmp_path / "backups"), env=source).stdout.strip()
    assert Path(archive).name.startswith("scn-backup-") and archive.endswith(".tar.gz")

    restored = manage("restore", archive, env=target)
    assert "counts match" in restored.stdout
    assert json.loads(shell(SAMPLE, target)) == before
    copy = tmp_path / "media-dst" / "commitments" / "letter.pdf"
    assert copy.read_bytes() == letter.read_bytes()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "DJANGO_DEBUG"}
    }
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", MEDIA_ROOT=str(tmp_path / "m"))
    manage("migrate", "-v0", env=env)
    archive = manage("backup", "--dir", str(tmp_path / "b"), env=env).stdout.strip()
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", archive],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "not empty" in result.stderr
