"""Backup and restore of the whole database as JSON lines (``sijeong backup FILE`` /
``sijeong restore FILE``).

The file (gzip-compressed when its name ends in ``.gz``):

- line 1, the header: format, time, the applied migrations, and each table's columns;
- one line per row, ``[model label, [column values…]]``, table by table, rows ordered by pk;
- the last line, the trailer: each table's row count and checksum (sha256 of its row lines).

Restore goes into an empty, migrated database (rows of content types and permissions that
``migrate`` creates are replaced by the backup's, so their ids match). It is one transaction:
rows are inserted raw (no signals, no auto dates), foreign keys are checked at the end, the
sequences are reset, and the counts and checksums of the restored tables must equal the
trailer's, or nothing is kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

from sijeong.core.errors import InvalidInput

FORMAT = "sijeong.backup/1"
BATCH = 200
# Tables that `migrate` fills by itself; a restore replaces their rows with the backup's.
MIGRATE_FILLS = {"contenttypes.ContentType", "auth.Permission"}


def tables() -> list[type[models.Model]]:
    """Every concrete table of the project (m2m tables included), in a stable order."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not m._meta.proxy and m._meta.managed
    ]
    return sorted(found, key=lambda m: m._meta.label)


def columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.local_concrete_fields)


def encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def row_line(label: str, values: tuple[Any, ...]) -> str:
    return json.dumps(
        [label, [encode(v) for v in values]], ensure_ascii=False, sort_keys=True, default=str
    )


def rows(model: type[models.Model]) -> Iterator[str]:
    names = [f.attname for f in columns(model)]
    label = model._meta.label
    for values in model._base_manager.order_by("pk").values_list(*names).iterator(2000):
        yield row_line(label, values)


def checksums() -> dict[str, dict[str, Any]]:
    """Each table's row count and sha256 of its rows (ordered by pk), as the backup writes them."""
    out: dict[str, dict[str, Any]] = {}
    for model in tables():
        digest = hashlib.sha256()
        count = 0
        for line in rows(model):
            digest.update(line.encode("utf-8") + b"\n")
            count += 1
        out[model._meta.label] = {"rows": count, "sha256": digest.hexdigest()}
    return out


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _open(path: Path, mode: str) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return open(path, mode, encoding="utf-8")


def backup(path: str | Path) -> dict[str, dict[str, Any]]:
    """Write every table to ``path`` in one read transaction; returns the trailer's tables."""
    path = Path(path)
    summary: dict[str, dict[str, Any]] = {}
    with transaction.atomic(), _open(path, "w") as out:
        header = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "migrations": applied_migrations(),
            "columns": {m._meta.label: [f.attname for f in columns(m)] for m in tables()},
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for model in tables():
            digest = hashlib.sha256()
            count = 0
            for line in rows(model):
                out.write(line + "\n")
                digest.update(line.encode("utf-8") + b"\n")
                count += 1
            summary[model._meta.label] = {"rows": count, "sha256": digest.hexdigest()}
        out.write(json.dumps({"trailer": summary}, ensure_ascii=False) + "\n")
    return summary


def restore(path: str | Path) -> dict[str, dict[str, Any]]:
    """Load a backup into this (empty, migrated) database; all or nothing."""
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"백업 파일 {path}이(가) 없습니다.")
    by_label = {m._meta.label: m for m in tables()}
    with _open(path, "r") as src:
        try:
            header = json.loads(src.readline())
        except (json.JSONDecodeError, UnicodeDecodeError, OSError) as exc:
            raise InvalidInput(f"{path}은(는) 시정 백업 파일이 아닙니다: {exc}") from exc
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise InvalidInput(f"{path}은(는) 시정 백업 파일({FORMAT})이 아닙니다.")
        _check_schema(header, by_label)
        _check_empty(by_label)
        with transaction.atomic():
            for label in MIGRATE_FILLS:
                by_label[label]._base_manager.all().delete()
            trailer = _insert_all(src, header["columns"], by_label)
            connection.check_constraints(table_names=[m._meta.db_table for m in tables()])
            sequences = connection.ops.sequence_reset_sql(no_style(), list(by_label.values()))
            with connection.cursor() as cursor:
                for sql in sequences:
                    cursor.execute(sql)
            restored = checksums()
            if restored != trailer:
                wrong = sorted(k for k in trailer if restored.get(k) != trailer[k])
                raise InvalidInput(
                    f"복원한 표의 행 수나 체크섬이 백업과 다릅니다: {', '.join(wrong)}. "
                    "아무것도 복원하지 않았습니다."
                )
    return restored


def _check_schema(header: dict[str, Any], by_label: dict[str, type[models.Model]]) -> None:
    if header.get("migrations") != applied_migrations():
        raise InvalidInput(
            "백업과 이 데이터베이스의 마이그레이션이 다릅니다. 백업할 때와 같은 버전으로 "
            "`sijeong migrate` 한 빈 데이터베이스에 복원하세요."
        )
    expected = {label: [f.attname for f in columns(m)] for label, m in by_label.items()}
    if header.get("columns") != expected:
        raise InvalidInput("백업의 표 구성이 이 데이터베이스와 다릅니다.")


def _check_empty(by_label: dict[str, type[models.Model]]) -> None:
    full = [
        label
        for label, model in by_label.items()
        if label not in MIGRATE_FILLS and model._base_manager.exists()
    ]
    if full:
        raise InvalidInput(
            f"빈 데이터베이스에만 복원할 수 있습니다 (자료가 있는 표: {', '.join(full[:5])}"
            f"{' 외' if len(full) > 5 else ''})."
        )


def _insert_all(
    src: IO[str], cols: dict[str, list[str]], by_label: dict[str, type[models.Model]]
) -> dict[str, dict[str, Any]]:
    pending: dict[str, list[models.Model]] = {}
    for n, line in enumerate(src, start=2):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"백업 파일 {n}번째 줄을 읽을 수 없습니다: {exc}") from exc
        if isinstance(item, dict):
            trailer: dict[str, dict[str, Any]] = item["trailer"]
            for label, objs in pending.items():
                _flush(by_label[label], objs)
            return trailer
        label, values = item
        model = by_label[label]
        fields = columns(model)
        obj = model(**{f.attname: f.to_python(v) for f, v in zip(fields, values, strict=True)})
        batch = pending.setdefault(label, [])
        batch.append(obj)
        if len(batch) >= BATCH:
            _flush(model, batch)
            batch.clear()
    raise InvalidInput("백업 파일이 끝까지 쓰이지 않았습니다 (마지막 요약 줄이 없습니다).")


def _flush(model: type[models.Model], objs: list[models.Model]) -> None:
    if objs:
        model._base_manager._insert(  # type: ignore[attr-defined]
            objs, fields=columns(model), raw=True, using=connection.alias
        )
