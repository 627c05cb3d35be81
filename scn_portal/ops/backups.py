"""Back up and restore the portal: a consistent database dump plus the uploaded files.

One archive per backup, ``scn-backup-<UTC timestamp>.tar.gz``, holding:
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``, one consistent snapshot) or
  ``database.sqlite3`` (SQLite, the online backup API);
- ``media/``, every uploaded or generated file;
- ``manifest.json``: when, which engine, and the row count of every table, which the
  restore checks after loading.
Restoring goes into an EMPTY database only: it never overwrites data.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection


class BackupError(Exception):
    pass


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.proxy or not model._meta.managed or table in counts:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # table names come from the models
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args() -> list[str]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def create_backup(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = directory / f"scn-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if connection.vendor == "postgresql":
            dump = tmp_path / "database.dump"
            subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), *_pg_args()],
                check=True,
                env=_pg_env(),
            )
        elif connection.vendor == "sqlite":
            dump = tmp_path / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            connection.connection.backup(target)
            target.close()
        else:
            raise BackupError(f"backups are not supported on {connection.vendor}")
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "engine": connection.vendor,
            "tables": table_counts(),
        }
        (tmp_path / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(tmp_path / "manifest.json", arcname="manifest.json")
            tar.add(dump, arcname=dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
    return archive


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore_backup(archive: Path) -> dict[str, int]:
    """Load ``archive`` into the configured (empty) database and media folder.

    Returns the row counts after the restore; raises BackupError if they differ from the
    manifest's.
    """
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore only into an empty database")
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        raise BackupError(f"the media folder {media} is not empty")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp_path, filter="data")
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"the backup is of a {manifest['engine']} database, "
                f"the portal is configured for {connection.vendor}"
            )
        if connection.vendor == "postgresql":
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    *_pg_args(),
                    str(tmp_path / "database.dump"),
                ],
                check=True,
                env=_pg_env(),
            )
        else:
            connection.close()
            shutil.copyfile(tmp_path / "database.sqlite3", connection.settings_dict["NAME"])
        if (tmp_path / "media").exists():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(tmp_path / "media", media, dirs_exist_ok=True)
    connection.close()
    counts = table_counts()
    differing = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    if differing:
        raise BackupError(f"row counts differ after the restore: {differing}")
    return counts
