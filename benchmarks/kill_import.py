"""kill -9 during an import: the database stays consistent and a re-run completes.

    .venv/bin/python benchmarks/kill_import.py [--cards 300] [--out benchmarks/results/kill_import.txt]

A generated pledge book (benchmarks/intake.py's generator, ``--cards`` cards) is imported into
a SQLite file database (WAL, as in production settings) by a child process. First one clean
import gives the reference: its duration and every table's row count. Then, for each kill point
(right after the child inserted pledge 1, 25 %, 50 %, 75 % and 100 % of the book's pledges; the
child says so on stdout from a post_save hook, so the kill always falls inside the import's
transaction), a fresh copy of the prepared database is imported into, the child is killed with
SIGKILL at that point, and the database is checked:

- ``PRAGMA integrity_check`` is ``ok``;
- every table's row count is what it was before the import (the import is one transaction: no
  pledge, no import run, no audit entry of it survives);
- a re-run of the same import completes (status applied) and leaves exactly the reference's
  row counts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SETUP = """
import datetime as dt, os, django
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()
from sijeong.core.services import municipality_create, org_unit_create, term_create
m = municipality_create(actor=None, name='가람시', kind='si', code='99990', slug='garam')
term_create(actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30))
org_unit_create(actor=None, municipality=m, name='기획조정실', kind='division', is_coordinating_office=True)
"""

# The child: parse, say "start", import (one transaction), saying "pledge" each time a pledge
# row is inserted (inside the transaction), then "done <seconds> <status>".
CHILD = """
import os, sys, time, django
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()
from sijeong.core.models import Municipality
from sijeong.documents.parsing.api import parse_file
from sijeong.documents.services import document_import
from django.db.models.signals import post_save
from sijeong.pledges.models import Pledge
def saved(sender, created, **kwargs):
    if created:
        print('pledge', flush=True)
post_save.connect(saved, sender=Pledge)
doc = parse_file(sys.argv[1])
m = Municipality.objects.get(slug='garam')
print('start', flush=True)
t = time.perf_counter()
run = document_import(actor=None, document=doc, municipality=m)
print('done', round(time.perf_counter() - t, 3), run.status, flush=True)
"""

COUNTS = """
import json, os, django
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()
from django.apps import apps
print(json.dumps({m._meta.label: m._base_manager.count()
                  for m in apps.get_models(include_auto_created=True) if not m._meta.proxy}))
"""


def env_for(db: Path) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=f"sqlite:///{db}", SIJEONG_DEBUG="1")


def python(code: str, db: Path, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env_for(db),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def counts(db: Path) -> dict[str, int]:
    return json.loads(python(COUNTS, db).strip().splitlines()[-1])


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as con:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])


def start_child(db: Path, book: Path) -> tuple[subprocess.Popen[str], float]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(book)],
        env=env_for(db),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line != "start":
        raise SystemExit(f"the child did not start the import: {line!r} {child.stderr.read()}")  # type: ignore[union-attr]
    return child, time.perf_counter()


def diff(a: dict[str, int], b: dict[str, int]) -> dict[str, Any]:
    return {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "kill_import.txt"))
    args = parser.parse_args()
    from intake import pledge_book

    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    tmp = Path(tempfile.mkdtemp(prefix="sijeong-kill-"))
    book = tmp / "garam-pledge-book.txt"
    book.write_bytes(pledge_book(args.cards))
    base = tmp / "base.sqlite3"
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
        env=env_for(base),
        cwd=ROOT,
        check=True,
    )
    python(SETUP, base)
    before = counts(base)

    say(
        f"# Sijeong kill -9 during an import ({time.strftime('%Y-%m-%d')}, Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, SQLite {sqlite3.sqlite_version}, WAL)"
    )
    say("")
    say(f"document: generated pledge book, {args.cards:,} cards, {book.stat().st_size:,} bytes")

    ref = tmp / "reference.sqlite3"
    shutil.copy(base, ref)
    child, _ = start_child(ref, book)
    out, err = child.communicate()
    if child.returncode != 0:
        raise SystemExit(err)
    _, seconds, status = out.strip().splitlines()[-1].split()
    import_seconds = float(seconds)
    reference = counts(ref)
    grown = diff(before, reference)
    say(
        f"reference import: {import_seconds:.2f} s, status {status}; rows written: "
        + ", ".join(f"{k} {(b or 0) - (a or 0):,}" for k, (a, b) in grown.items())
    )
    say("")
    say(
        f"{'kill after pledge':>17} {'after s':>8} {'exit':>5} {'integrity':>9} {'rows as before':>15} "
        f"{'re-run':>8} {'re-run s':>9} {'rows as reference':>18}"
    )
    failures = 0
    for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
        target = max(1, round(args.cards * fraction))
        db = tmp / f"kill-{target}.sqlite3"
        shutil.copy(base, db)
        child, started = start_child(db, book)
        assert child.stdout is not None
        seen = 0
        while seen < target:
            line = child.stdout.readline()
            if not line or line.startswith("done"):
                break
            seen += line.strip() == "pledge"
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        killed_at = time.perf_counter() - started
        killed = child.returncode == -signal.SIGKILL and "done" not in out and seen == target
        ok_integrity = integrity(db)
        after_kill = counts(db)
        same_as_before = after_kill == before
        rerun, _ = start_child(db, book)
        out, err = rerun.communicate()
        last = out.strip().splitlines()[-1].split() if out.strip() else []
        rerun_ok = rerun.returncode == 0 and last[:1] == ["done"]
        rerun_status = last[2] if rerun_ok else f"error {err[-200:]!r}"
        rerun_seconds = float(last[1]) if rerun_ok else float("nan")
        same_as_reference = counts(db) == reference
        good = (
            killed
            and ok_integrity == "ok"
            and same_as_before
            and rerun_ok
            and rerun_status == "applied"
            and same_as_reference
        )
        failures += not good
        say(
            f"{target:>17,} {killed_at:>8.2f} {child.returncode if killed else 'done':>5} "
            f"{ok_integrity:>9} {'yes' if same_as_before else 'NO':>15} {rerun_status:>8} "
            f"{rerun_seconds:>9.2f} {'yes' if same_as_reference else 'NO':>18}"
        )
        if not same_as_before:
            say(f"  left behind by the killed import: {diff(before, after_kill)}")
    say("")
    say(
        f"kills that left a partial import or a broken database, or a re-run that failed: {failures}"
    )
    say(f"result: {'PASS' if failures == 0 else 'FAIL'}")
    out_path = Path(args.out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out_path}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
