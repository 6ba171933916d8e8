"""Backup and restore: the demo round trip gives identical row counts and checksums in an empty
database; a restore that cannot be completed keeps nothing."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from sijeong.core.backup import FORMAT, backup, checksums, restore
from sijeong.core.errors import InvalidInput
from sijeong.core.models import AuditEntry, Municipality

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def trailer(path: Path) -> dict[str, dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        *_, last = f
    return json.loads(last)["trailer"]


def test_the_demo_round_trip_into_an_empty_database(demo: Municipality, tmp_path: Path) -> None:
    first = tmp_path / "demo.jsonl.gz"
    summary = backup(first)
    assert summary == checksums()
    counts = {k: v["rows"] for k, v in summary.items()}
    assert (
        counts["core.Municipality"],
        counts["pledges.Pledge"],
        counts["surveys.Answer"],
        counts["deliberation.Score"],
        counts["core.AuditEntry"],
    ) == (3, 9, 15_617, 450, AuditEntry.objects.count())
    # Restore into a freshly migrated SQLite file in another process, then back it up again.
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/restored.sqlite3", SIJEONG_DEBUG="1")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    out = subprocess.run(
        [*manage, "restore", str(first)],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    total = sum(counts.values())
    assert out.stdout.strip() == (
        f"복원했습니다: 표 {len(summary)}개, 행 {total:,}개 (행 수와 체크섬이 백업과 같습니다)."
    )
    second = tmp_path / "again.jsonl.gz"
    subprocess.run([*manage, "backup", str(second)], env=env, check=True, cwd=ROOT)
    assert trailer(second) == trailer(first) == summary
    # Restoring once more into the now full database is refused.
    again = subprocess.run(
        [*manage, "restore", str(first)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert again.returncode == 1
    assert "빈 데이터베이스에만 복원할 수 있습니다" in again.stderr


def test_restore_into_a_database_with_data_is_refused_and_changes_nothing(
    demo: Municipality, tmp_path: Path
) -> None:
    path = tmp_path / "b.jsonl"
    backup(path)
    before = checksums()
    with pytest.raises(
        CommandError, match=re.escape("빈 데이터베이스에만 복원할 수 있습니다 (자료가 있는 표: ")
    ):
        call_command("restore", str(path))
    assert checksums() == before


def test_a_cut_backup_keeps_nothing(tmp_path: Path) -> None:
    # An empty database has only what migrate wrote: content types and permissions.
    path = tmp_path / "cut.jsonl"
    backup(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == FORMAT
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # no trailer
    types, perms = ContentType.objects.count(), Permission.objects.count()
    with pytest.raises(InvalidInput, match="백업 파일이 끝까지 쓰이지 않았습니다"):
        restore(path)
    assert (ContentType.objects.count(), Permission.objects.count()) == (types, perms)
    assert sum(v["rows"] for v in checksums().values()) == types + perms


def test_a_tampered_row_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    backup(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith('["auth.Permission"'))
    label, values = json.loads(lines[i])
    values[1] = values[1] + " (바뀜)"  # the permission's name
    lines[i] = json.dumps([label, values], ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = checksums()
    with pytest.raises(
        InvalidInput, match=re.escape("auth.Permission. 아무것도 복원하지 않았습니다")
    ):
        restore(path)
    assert checksums() == before


def test_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"format": "other"}\n', encoding="utf-8")
    with pytest.raises(
        InvalidInput, match=re.escape("시정 백업 파일(sijeong.backup/1)이 아닙니다")
    ):
        restore(path)
    with pytest.raises(InvalidInput, match="없습니다"):
        restore(tmp_path / "missing.jsonl")
