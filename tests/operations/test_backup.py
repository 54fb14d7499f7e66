"""Backup and restore drill: back up a database with chained history and a document plus the
private files, restore into an empty database in another process, verify the audit chain and every
stored SHA-256 there. On SQLite in the fast suite; on PostgreSQL (pg_dump/pg_restore) with -m postgres.
"""

import os
import secrets
import shutil
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import CreditRecordFactory, SubjectFactory
from workflows.organization.demo import seed as seed_organization
from workflows.organization.models import User
from workflows.records.models import CreditRecord
from workflows.supervision.reports import credit_report_issue

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def live_data(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = settings.PRIVATE_STORAGE_ROOT
    (settings.PRIVATE_STORAGE_ROOT / "attachments" / "1").mkdir(parents=True)
    (settings.PRIVATE_STORAGE_ROOT / "attachments" / "1" / "scan").write_bytes(b"%PDF-1.7 scan")
    seed_organization(stdout=StringIO())
    supervisor = User.objects.get(username="supervisor")
    subject = SubjectFactory()
    CreditRecordFactory(subject=subject)
    document = credit_report_issue(
        subject=subject, records=CreditRecord.objects.filter(subject=subject), by=supervisor
    )
    return document


def _restore(backup: Path, tmp_path: Path, database_url: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL="https://casework.example.gov.cn",
        CACHE_URL="locmemcache://",
        DATABASE_URL=database_url,
        VAR_DIR=str(tmp_path / "restored-var"),
        PRIVATE_STORAGE_ROOT=str(tmp_path / "restored-private"),
        AUDIT_ANCHOR_FILE=str(tmp_path / "restored-var" / "anchors.txt"),
    )
    return subprocess.run(
        [sys.executable, "manage.py", "backup_restore", "--from", str(backup)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _drill(document, tmp_path, database_url):
    _tampered_backup_is_refused(tmp_path, database_url)
    backup = tmp_path / "backup"
    call_command("backup_create", "--to", str(backup), stdout=StringIO())
    manifest = (backup / "manifest.json").read_text()
    assert "files/attachments/1/scan" in manifest

    result = _restore(backup, tmp_path, database_url)
    assert result.returncode == 0, result.stderr
    assert "audit chain intact" in result.stdout
    assert "stored hashes intact: 1 documents and attachments" in result.stdout
    restored = tmp_path / "restored-private" / "attachments" / "1" / "scan"
    assert restored.read_bytes() == b"%PDF-1.7 scan"

    # a second restore into the now full database is refused
    again = _restore(backup, tmp_path, database_url)
    assert again.returncode != 0
    assert "not empty" in again.stderr


def _tampered_backup_is_refused(tmp_path, database_url):
    backup = tmp_path / "tampered"
    call_command("backup_create", "--to", str(backup), stdout=StringIO())
    scan = backup / "files" / "attachments" / "1" / "scan"
    scan.write_bytes(b"%PDF-1.7 forged")
    result = _restore(backup, tmp_path, database_url)
    assert result.returncode != 0
    assert "files/attachments/1/scan: SHA-256 differs from the manifest" in result.stderr
    assert not (tmp_path / "restored-private").exists()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_backup_restores_into_an_empty_database_and_verifies(live_data, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite drill; the PostgreSQL one is below")
    _drill(live_data, tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgres_backup_restores_into_an_empty_database_and_verifies(live_data, tmp_path):
    psql = shutil.which("psql")
    if connection.vendor != "postgresql" or psql is None:
        pytest.skip("needs DATABASE_URL=postgres://... and postgresql-client")
    from workflows.operations.backup import _postgres_url

    admin = _postgres_url().rsplit("/", 1)[0] + "/postgres"
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run([psql, admin, "-qc", f'create database "{name}"'], check=True)
    try:
        _drill(live_data, tmp_path, admin.rsplit("/", 1)[0] + f"/{name}")
    finally:
        subprocess.run([psql, admin, "-qc", f'drop database if exists "{name}"'], check=False)
