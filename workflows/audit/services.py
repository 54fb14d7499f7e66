"""Appending to the audit chain, verifying it, and writing the daily anchor.

The chain never imports the apps it records: a source row is named by its model label, and
the content hashed is the canonical JSON of its concrete fields (binary fields by their SHA-256).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.exceptions import Conflict

from .models import GENESIS_HASH, AuditAnchor, AuditEntry, AuditHead

VERIFY_BATCH = 200


def _plain(value):
    """A JSON value that is the same whether the row is in memory or read back."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    return value


def _field_value(field: models.Field, instance: models.Model):
    value = field.value_from_object(instance)
    if isinstance(field, models.BinaryField):
        return _plain(bytes(value or b""))
    if value is not None and not isinstance(field, models.JSONField):
        value = field.to_python(value)
    return _plain(value)


def audit_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def audit_content_hash(instance: models.Model, fields: list[str]) -> str:
    """SHA-256 of the canonical JSON of the named fields of one row."""
    by_attname = {f.attname: f for f in instance._meta.concrete_fields}
    content = {
        name: _field_value(by_attname[name], instance) if name in by_attname else None
        for name in fields
    }
    canonical = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def audit_entry_hash(
    *, sequence: int, kind: str, object_id: int, fields: str, content_hash: str, previous_hash: str
) -> str:
    canonical = json.dumps(
        [sequence, kind, object_id, fields, content_hash, previous_hash], separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _kind(instance: models.Model) -> str:
    return instance._meta.label_lower


# Every history row of every step passes through the head: its read and its compare-and-set are
# written in SQL, where the ORM spent ten times the statements' own time compiling them
# (docs/performance.md, "Steps/s against the bare flow").


def _head_sql() -> tuple[str, str]:
    # identifiers from the model's meta, quoted; values are parameters
    q = connection.ops.quote_name
    table = q(AuditHead._meta.db_table)
    read = f"SELECT {q('sequence')}, {q('entry_hash')} FROM {table} WHERE {q('id')} = 1"  # noqa: S608
    move = (
        f"UPDATE {table} SET {q('sequence')} = %s, {q('entry_hash')} = %s"  # noqa: S608
        f" WHERE {q('id')} = 1 AND {q('sequence')} = %s"
    )
    return read, move


def _head() -> tuple[int, str]:
    """The chain's last sequence and entry hash (the head row is made on the first append)."""
    read, _move = _head_sql()
    with connection.cursor() as cursor:
        cursor.execute(read)
        row = cursor.fetchone()
    if row is None:
        head, _created = AuditHead.objects.get_or_create(pk=1)
        return head.sequence, head.entry_hash
    return row[0], row[1]


def _move_head(*, read_sequence: int, sequence: int, entry_hash: str) -> bool:
    """Compare-and-set: the head moves only if no one moved it since it was read."""
    _read, move = _head_sql()
    with connection.cursor() as cursor:
        cursor.execute(move, [sequence, entry_hash, read_sequence])
        return cursor.rowcount == 1


# a concurrent writer moved the head between our read and our write: read it again
HEAD_RETRIES = 20


def audit_append(instance: models.Model) -> AuditEntry:
    """Chain one just-saved row; call it in the transaction that wrote the row.

    The head moves by a compare-and-set UPDATE (`WHERE sequence = the one read`): on PostgreSQL
    the row lock it takes is held to the end of the caller's transaction, and a writer that read
    the same head finds 0 rows and reads again; on SQLite the caller's transaction already holds
    the database's write lock (it wrote the row being chained). No sequence is ever taken twice.
    """
    assert instance.pk is not None, "save the row before chaining it"  # noqa: S101
    fields = audit_fields(type(instance))
    joined = ",".join(fields)
    content_hash = audit_content_hash(instance, fields)
    kind = _kind(instance)
    # no savepoint inside the caller's transaction: the step's own transaction is the unit
    with transaction.atomic(savepoint=False):
        for _ in range(HEAD_RETRIES):
            head_sequence, previous_hash = _head()
            sequence = head_sequence + 1
            entry_hash = audit_entry_hash(
                sequence=sequence,
                kind=kind,
                object_id=instance.pk,
                fields=joined,
                content_hash=content_hash,
                previous_hash=previous_hash,
            )
            if _move_head(read_sequence=head_sequence, sequence=sequence, entry_hash=entry_hash):
                break
        else:
            raise Conflict()
        return AuditEntry.objects.create(
            sequence=sequence,
            kind=kind,
            object_id=instance.pk,
            fields=joined,
            content_hash=content_hash,
            previous_hash=previous_hash,
            entry_hash=entry_hash,
        )


# VERIFYING


@dataclass(frozen=True)
class AuditProblem:
    sequence: int | None
    message: str

    def __str__(self) -> str:
        where = f"#{self.sequence}: " if self.sequence is not None else ""
        return where + self.message


def _entry_recomputes(entry: AuditEntry) -> bool:
    return entry.entry_hash == audit_entry_hash(
        sequence=entry.sequence,
        kind=entry.kind,
        object_id=entry.object_id,
        fields=entry.fields,
        content_hash=entry.content_hash,
        previous_hash=entry.previous_hash,
    )


def _source_model(kind: str) -> type[models.Model] | None:
    try:
        return apps.get_model(kind)
    except (LookupError, ValueError):
        return None


def _entry_problem(entry: AuditEntry, source) -> str | None:
    name = f"{entry.kind} {entry.object_id}"
    if not _entry_recomputes(entry):
        return _("the entry itself was altered (its hash does not recompute)")
    if source is None:
        return _("%(row)s was deleted") % {"row": name}
    if audit_content_hash(source, entry.fields.split(",")) != entry.content_hash:
        return _("%(row)s was changed after it was written") % {"row": name}
    return None


def _sources(batch: list[AuditEntry]) -> dict[tuple[str, int], models.Model]:
    wanted: dict[str, list[int]] = {}
    for entry in batch:
        wanted.setdefault(entry.kind, []).append(entry.object_id)
    found = {}
    for kind, ids in wanted.items():
        model = _source_model(kind)
        if model is None:
            continue
        for row in model._default_manager.filter(pk__in=ids):
            found[(kind, row.pk)] = row
    return found


def _walk(entries) -> list[AuditProblem]:
    problems: list[AuditProblem] = []
    expected_sequence, previous_hash = 1, GENESIS_HASH
    batch: list[AuditEntry] = []

    def check(batch: list[AuditEntry]) -> None:
        nonlocal expected_sequence, previous_hash
        sources = _sources(batch)
        for entry in batch:
            if entry.sequence != expected_sequence:
                problems.append(
                    AuditProblem(
                        expected_sequence,
                        _("entries %(first)d to %(last)d are missing")
                        % {"first": expected_sequence, "last": entry.sequence - 1},
                    )
                )
            elif entry.previous_hash != previous_hash:
                problems.append(
                    AuditProblem(entry.sequence, _("the link to the previous entry is broken"))
                )
            problem = _entry_problem(entry, sources.get((entry.kind, entry.object_id)))
            if problem:
                problems.append(AuditProblem(entry.sequence, problem))
            expected_sequence, previous_hash = entry.sequence + 1, entry.entry_hash

    for entry in entries:
        batch.append(entry)
        if len(batch) >= VERIFY_BATCH:
            check(batch)
            batch = []
    check(batch)
    return problems


def audited_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in settings.AUDIT_CHAINED_MODELS]


def _unchained_rows() -> list[AuditProblem]:
    problems = []
    for model in audited_models():
        chained = AuditEntry.objects.filter(kind=model._meta.label_lower).values("object_id")
        stray = model._default_manager.exclude(pk__in=chained).values_list("pk", flat=True)
        for pk in stray[:20]:
            problems.append(
                AuditProblem(
                    None,
                    _("%(row)s is not in the chain (written outside the services)")
                    % {"row": f"{model._meta.label_lower} {pk}"},
                )
            )
    return problems


def _anchor_problems(last: AuditEntry | None) -> list[AuditProblem]:
    problems = []
    hashes = dict(
        AuditEntry.objects.filter(sequence__in=AuditAnchor.objects.values("sequence")).values_list(
            "sequence", "entry_hash"
        )
    )
    for anchor in AuditAnchor.objects.all():
        if anchor.sequence == 0:
            continue
        if hashes.get(anchor.sequence) != anchor.entry_hash:
            problems.append(
                AuditProblem(
                    anchor.sequence,
                    _("the chain no longer matches the anchor of %(day)s") % {"day": anchor.day},
                )
            )
    for day, sequence, entry_hash in _anchor_file_lines():
        stored = AuditAnchor.objects.filter(day=day).first()
        if stored is None or (stored.sequence, stored.entry_hash) != (sequence, entry_hash):
            problems.append(
                AuditProblem(
                    sequence,
                    _("the anchor table differs from the anchor file on %(day)s") % {"day": day},
                )
            )
    head = AuditHead.objects.filter(pk=1).first()
    if last is not None and (head is None or head.entry_hash != last.entry_hash):
        problems.append(
            AuditProblem(last.sequence, _("the chain head does not match its last entry"))
        )
    return problems


def audit_verify() -> list[AuditProblem]:
    """Every problem found, the first broken link first; an empty list means intact."""
    entries = AuditEntry.objects.order_by("sequence").iterator(chunk_size=VERIFY_BATCH)
    problems = _walk(entries)
    last = AuditEntry.objects.order_by("-sequence").first()
    return problems + _anchor_problems(last) + _unchained_rows()


# ANCHORS


def _anchor_file() -> Path | None:
    path = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    return Path(path) if path else None


def _anchor_file_lines() -> list[tuple[datetime.date, int, str]]:
    path = _anchor_file()
    if path is None or not path.exists():
        return []
    lines = []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 3:
            lines.append((datetime.date.fromisoformat(parts[0]), int(parts[1]), parts[2]))
    return lines


@transaction.atomic
def audit_anchor_write(*, day: datetime.date | None = None) -> AuditAnchor:
    """Copy today's chain head into the anchor table (and file), once per day."""
    day = day or timezone.localdate()
    existing = AuditAnchor.objects.filter(day=day).first()
    if existing is not None:
        return existing
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    anchor = AuditAnchor.objects.create(
        day=day,
        sequence=head.sequence if head else 0,
        entry_hash=head.entry_hash if head else GENESIS_HASH,
    )
    path = _anchor_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="ascii") as stream:
            stream.write(f"{anchor.day.isoformat()} {anchor.sequence} {anchor.entry_hash}\n")
    return anchor


# ONE ROW (the verification page)


@dataclass(frozen=True)
class AuditRowStatus:
    recorded: bool
    intact: bool
    sequence: int | None = None
    anchored_on: datetime.date | None = None


def audit_row_status(instance: models.Model) -> AuditRowStatus:
    """Is this row in the chain, unchanged, and linked up to the anchor that covers it?"""
    entry = AuditEntry.objects.filter(kind=_kind(instance), object_id=instance.pk).first()
    if entry is None:
        return AuditRowStatus(recorded=False, intact=False)
    intact = _entry_problem(entry, instance) is None
    anchor = AuditAnchor.objects.filter(sequence__gte=entry.sequence).order_by("sequence").first()
    if intact:
        # the links from this entry up to the anchor (or the head) must still hold
        upto = anchor.sequence if anchor else entry.sequence
        previous = entry
        following = AuditEntry.objects.filter(sequence__gt=entry.sequence, sequence__lte=upto)
        for later in following.order_by("sequence"):
            if later.previous_hash != previous.entry_hash or not _entry_recomputes(later):
                intact = False
                break
            previous = later
        if anchor and previous.entry_hash != anchor.entry_hash:
            intact = False
    return AuditRowStatus(
        recorded=True,
        intact=intact,
        sequence=entry.sequence,
        anchored_on=anchor.day if anchor else None,
    )
