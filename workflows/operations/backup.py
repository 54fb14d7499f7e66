"""Backup and restore of the whole service: the database and the private files, taken together.

A backup directory holds
- database.dump (PostgreSQL: pg_dump custom format, one snapshot) or database.sqlite3
  (SQLite: the online backup API, one snapshot);
- files/: a copy of PRIVATE_STORAGE_ROOT (attachments); anchors.txt: the audit anchor file;
- manifest.json: the engine, when, and the SHA-256 and size of every file above.

Consistency: the database is dumped first, the files copied after. Attachment files are written
before their row commits and never change or disappear, so every file the dump names is on disk
when the copy runs; a file uploaded meanwhile is an unreferenced extra, which is harmless.
Decision PDFs live in the database (Document.pdf) and come with the dump.

Restore refuses a backup whose manifest does not match its bytes and a database that is not empty,
then loads the dump, copies the files back and verifies: the audit chain (verify_audit) and every
document's and attachment's SHA-256 against its bytes.
"""

import datetime
import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"unsupported database engine: {vendor}")
    return vendor


def _postgres_url() -> str:
    """A libpq URL for the database Django is connected to (the test database under pytest)."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = db.get("PORT") or "5432"
    return f"postgresql://{auth}{host}:{port}/{quote(db['NAME'], safe='')}"


def _run(command: list[str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    # fixed program and arguments built here; the URL and paths are ours, no shell
    result = subprocess.run(  # noqa: S603
        [program, *command[1:]], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup_create(to: Path | str) -> dict:
    """Write a backup into the directory `to` (created; must not exist or be empty)."""
    to = Path(to)
    if to.exists() and any(to.iterdir()):
        raise BackupError(f"{to} is not empty")
    to.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "postgresql":
        database = to / "database.dump"
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-acl",
                "--file",
                str(database),
                _postgres_url(),
            ]
        )
    else:
        database = to / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    private = Path(settings.PRIVATE_STORAGE_ROOT)
    if private.is_dir():
        shutil.copytree(private, to / "files", dirs_exist_ok=False)
    else:
        (to / "files").mkdir()
    anchors = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    if anchors and Path(anchors).is_file():
        shutil.copy2(anchors, to / "anchors.txt")
    files = {
        str(path.relative_to(to)): {"sha256": _sha256_file(path), "size": path.stat().st_size}
        for path in sorted(to.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest = {
        "format": FORMAT_VERSION,
        "engine": engine,
        "database": database.name,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "files": files,
    }
    (to / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def backup_check(source: Path | str) -> dict:
    """The manifest, after checking every listed file's size and SHA-256 (and that none is extra)."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"no readable {MANIFEST} in {source}: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    listed = manifest["files"]
    present = {
        str(p.relative_to(source)) for p in source.rglob("*") if p.is_file() and p.name != MANIFEST
    }
    if present != set(listed):
        raise BackupError(
            f"files differ from the manifest: missing {sorted(set(listed) - present)}, "
            f"extra {sorted(present - set(listed))}"
        )
    for name, expected in listed.items():
        if _sha256_file(source / name) != expected["sha256"]:
            raise BackupError(f"{name}: SHA-256 differs from the manifest")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def backup_restore(source: Path | str) -> dict:
    """Restore the backup in `source` into the configured, empty database and private storage."""
    source = Path(source)
    manifest = backup_check(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"backup is of {manifest['engine']}, the database is {engine}")
    if not _database_is_empty():
        raise BackupError("the database is not empty; restore only into an empty database")
    private = Path(settings.PRIVATE_STORAGE_ROOT)
    if private.is_dir() and any(private.iterdir()):
        raise BackupError(f"{private} is not empty; restore only into empty private storage")
    database = source / manifest["database"]
    if engine == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--dbname",
                _postgres_url(),
                str(database),
            ]
        )
    else:
        connection.ensure_connection()
        backup = sqlite3.connect(database)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    shutil.copytree(source / "files", private, dirs_exist_ok=True)
    anchors = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    if anchors and (source / "anchors.txt").is_file() and not Path(anchors).exists():
        Path(anchors).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "anchors.txt", anchors)
    connection.close()
    return manifest


def stored_hashes_verify() -> tuple[int, list[str]]:
    """Every document's PDF and every attachment's file against the SHA-256 and size stored with it."""
    from workflows.casework.models import Attachment
    from workflows.documents.models import Document

    problems = []
    checked = 0
    for document in Document.objects.only("number", "pdf", "sha256", "size").iterator(
        chunk_size=200
    ):
        pdf = bytes(document.pdf)
        checked += 1
        if hashlib.sha256(pdf).hexdigest() != document.sha256 or len(pdf) != document.size:
            problems.append(f"document {document.number}: bytes differ from the stored SHA-256")
    for attachment in Attachment.objects.iterator(chunk_size=200):
        checked += 1
        path = Path(settings.PRIVATE_STORAGE_ROOT) / attachment.file.name
        if not path.is_file():
            problems.append(f"attachment {attachment.pk}: file {attachment.file.name} is missing")
        elif _sha256_file(path) != attachment.sha256:
            problems.append(f"attachment {attachment.pk}: bytes differ from the stored SHA-256")
    return checked, problems
