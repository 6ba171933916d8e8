"""kill -9 during an import: the database stays consistent and a re-run completes.

    .venv/bin/python benchmarks/kill_import.py [--cards 300] [--out benchmarks/results/kill_import.txt]
    .venv/bin/python benchmarks/kill_import.py --postgres auto
        [--out benchmarks/results/kill_import_postgresql.txt]

A generated pledge book (benchmarks/intake.py's generator, ``--cards`` cards) is imported by a
child process into a SQLite file database (WAL, as in production settings; the default) or a
PostgreSQL database (``--postgres auto``: a throw-away PostgreSQL 15 cluster started as
``dev.py test`` starts it; ``--postgres URL``: a server whose role may create databases, as
``URL``'s database name plus ``_kill_*``, and drop them afterwards). First one clean import gives
the reference: its duration and every table's row count. Then, for each kill point (right after
the child inserted pledge 1, 25 %, 50 %, 75 % and 100 % of the book's pledges; the child says so
on stdout from a post_save hook, so the kill always falls inside the import's transaction; the
points are chosen by progress, never by seconds, so a busy machine changes only the timings), a
fresh copy of the prepared database is imported into (a file copy on SQLite, ``CREATE DATABASE
... TEMPLATE`` on PostgreSQL), the child is killed with SIGKILL at that point, and the database
is checked:

- SQLite: ``PRAGMA integrity_check`` is ``ok``;
- PostgreSQL: the killed import's server backend goes away (the time it took is reported), no
  client backend is left connected to the database (none "idle in transaction"), no lock is held
  by the killed backend or any other client backend on the database, ``pg_prepared_xacts`` is
  empty, ``amcheck`` finds nothing (``verify_heapam`` on every table with its TOAST table,
  ``bt_index_check(heapallindexed)`` on every B-tree index; skipped, and said so, when the role
  may not create the extension) and, for every foreign key constraint, a query finds no row whose
  key points at a missing row (Django declares them ``DEFERRABLE INITIALLY DEFERRED``, so the
  server checks them at commit as well: the queries prove it, they do not assume it);
- every table's row count is what it was before the import (the import is one transaction: no
  pledge, no import run, no audit entry of it survives);
- a re-run of the same import completes (status applied) and leaves exactly the reference's
  row counts (and, on PostgreSQL, amcheck and the foreign key queries again find nothing).

On a throw-away cluster (``--postgres auto``) the five kills are then repeated with SIGKILL sent
to the import's PostgreSQL server backend instead of the importing process: the server then ends
every backend, reinitialises and recovers from its write-ahead log (its log is read to confirm
"automatic recovery" happened once per kill); the same checks follow once it accepts
connections again. (The cluster runs with fsync off, as in ``dev.py test``; that loses data only
when the operating system stops, which neither kill does.)

Autovacuum workers are not client backends: they may visit a database after a rolled-back import
left dead rows, and are not counted.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import psycopg

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

# The child: parse, say "start <server backend pid, 0 on SQLite>", import (one transaction),
# saying "pledge" each time a pledge row is inserted (inside the transaction), then
# "done <seconds> <status>".
CHILD = """
import os, sys, time, django
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()
from django.db import connection
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
connection.ensure_connection()
pid = connection.connection.info.backend_pid if connection.vendor == 'postgresql' else 0
print('start', pid, flush=True)
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


class Store(Protocol):
    """Where the databases live: a folder of SQLite files or a PostgreSQL server."""

    def url(self, name: str) -> str: ...

    def create(self, name: str) -> None: ...

    def clone(self, source: str, name: str) -> None: ...

    def close(self) -> None: ...


class SqliteStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def url(self, name: str) -> str:
        return f"sqlite:///{self.folder / f'{name}.sqlite3'}"

    def create(self, name: str) -> None:
        pass

    def clone(self, source: str, name: str) -> None:
        shutil.copy(self.folder / f"{source}.sqlite3", self.folder / f"{name}.sqlite3")

    def close(self) -> None:
        pass


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class PostgresStore:
    """Databases ``<prefix>_kill_<name>`` on the server of ``url``, dropped by :meth:`close`."""

    def __init__(self, url: str, prefix: str = "", server_log: Path | None = None) -> None:
        import psycopg

        self.server_url = url
        self.prefix = prefix or urlsplit(url).path.lstrip("/") or "sijeong"
        self.server_log = server_log
        self._admin = psycopg.connect(url, autocommit=True)
        self.made: list[str] = []
        row = self.admin.execute("SHOW server_version").fetchone()
        self.version = str(row[0]) if row else "?"
        self.settings = {
            name: str(value)
            for name, value in self.admin.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('fsync', 'max_prepared_transactions', 'default_transaction_isolation') "
                "ORDER BY name"
            ).fetchall()
        }

    @property
    def admin(self) -> psycopg.Connection[Any]:
        """The connection that creates and drops databases."""
        return self._admin

    def reconnect(self) -> None:
        """A new admin connection, after the server ended every backend."""
        import psycopg

        self._admin.close()
        self._admin = psycopg.connect(self.server_url, autocommit=True)

    def recoveries(self) -> int:
        """How often the server's log says it recovered after a crash."""
        if self.server_log is None:
            return 0
        text = self.server_log.read_text(encoding="utf-8", errors="replace")
        return text.count("database system was not properly shut down; automatic recovery")

    def dbname(self, name: str) -> str:
        return f"{self.prefix}_kill_{name}"

    def url(self, name: str) -> str:
        return with_database(self.server_url, self.dbname(name))

    def _create(self, name: str, template: str | None) -> None:
        from psycopg import sql

        db = sql.Identifier(self.dbname(name))
        self.admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(db))
        if template is None:
            self.admin.execute(sql.SQL("CREATE DATABASE {}").format(db))
        else:
            source = sql.Identifier(self.dbname(template))
            self.admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(db, source))
        self.made.append(name)

    def create(self, name: str) -> None:
        self._create(name, None)

    def clone(self, source: str, name: str) -> None:
        self._create(name, source)

    def close(self) -> None:
        from psycopg import sql

        for name in reversed(self.made):
            self.admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(self.dbname(name))
                )
            )
        self.admin.close()


def env_for(url: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=url, SIJEONG_DEBUG="1")


def python(code: str, url: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env_for(url),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def counts(url: str) -> dict[str, int]:
    return json.loads(python(COUNTS, url).strip().splitlines()[-1])


def integrity(url: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])


# --- PostgreSQL checks ------------------------------------------------------------------------

FOREIGN_KEYS = """
SELECT con.conname, cl.relname, a.attname, fcl.relname, fa.attname, con.convalidated,
       array_length(con.conkey, 1)
FROM pg_constraint con
JOIN pg_class cl ON cl.oid = con.conrelid
JOIN pg_namespace n ON n.oid = cl.relnamespace
JOIN pg_class fcl ON fcl.oid = con.confrelid
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[1]
WHERE con.contype = 'f' AND n.nspname = 'public'
ORDER BY con.conname
"""

TABLES = """
SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm') AND c.relpersistence = 'p'
ORDER BY 1
"""

BTREE_INDEXES = """
SELECT c.oid::regclass::text FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = c.relam
WHERE n.nspname = 'public' AND am.amname = 'btree' AND i.indisvalid AND i.indisready
  AND c.relpersistence = 'p'
ORDER BY 1
"""


@dataclass
class Consistency:
    foreign_keys: int  # single-column foreign keys checked
    orphans: int  # rows pointing at a missing row, over all of them
    unchecked: int  # foreign keys not validated or of more than one column
    amcheck: str  # "ok", "N problems" or "n/a" (extension not available to this role)
    tables: int
    indexes: int

    @property
    def ok(self) -> bool:
        return self.orphans == 0 and self.unchecked == 0 and self.amcheck in ("ok", "n/a")


def consistency(url: str) -> Consistency:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as con:
        keys = con.execute(FOREIGN_KEYS).fetchall()
        orphans = unchecked = 0
        for _name, table, column, ref_table, ref_column, validated, width in keys:
            if not validated or width != 1:
                unchecked += 1
                continue
            query = sql.SQL(
                "SELECT count(*) FROM {t} c WHERE c.{c} IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM {rt} r WHERE r.{rc} = c.{c})"
            ).format(
                t=sql.Identifier(table),
                c=sql.Identifier(column),
                rt=sql.Identifier(ref_table),
                rc=sql.Identifier(ref_column),
            )
            row = con.execute(query).fetchone()
            orphans += int(row[0]) if row else 0
        tables = [str(r[0]) for r in con.execute(TABLES).fetchall()]
        indexes = [str(r[0]) for r in con.execute(BTREE_INDEXES).fetchall()]
        try:
            con.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        except psycopg.Error:
            return Consistency(len(keys), orphans, unchecked, "n/a", len(tables), len(indexes))
        problems = 0
        for table in tables:
            found = con.execute(
                "SELECT count(*) FROM verify_heapam(%s::regclass, check_toast => true)", [table]
            ).fetchone()
            problems += int(found[0]) if found else 0
        for index in indexes:
            try:
                con.execute("SELECT bt_index_check(%s::regclass, true)", [index])
            except psycopg.Error:
                problems += 1
        con.execute("DROP EXTENSION amcheck")
    amcheck = "ok" if problems == 0 else f"{problems} problems"
    return Consistency(len(keys), orphans, unchecked, amcheck, len(tables), len(indexes))


def wait_for_server(url: str, since: float, wait_s: float = 120.0) -> float:
    """Seconds from ``since`` (a perf_counter) until the server accepts connections to ``url``
    again (inf: it did not within ``wait_s``)."""
    import psycopg

    while time.perf_counter() - since < wait_s:
        try:
            with psycopg.connect(url, connect_timeout=5) as con:
                con.execute("SELECT 1")
            return time.perf_counter() - since
        except psycopg.OperationalError:
            time.sleep(0.01)
    return float("inf")


@dataclass
class Leftovers:
    backend_gone_s: float  # from the killed client's exit to its server backend's exit
    backends: int  # client backends still connected to the database (other than the checker)
    idle_in_transaction: int  # of those, "idle in transaction (aborted)" or not
    locks: int  # locks held by the killed backend or another client backend on the database
    prepared: int  # prepared transactions in the database


def leftovers(url: str, killed_pid: int, wait_s: float = 30.0) -> Leftovers:
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as con:
        while True:
            row = con.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [killed_pid]
            ).fetchone()
            gone = time.perf_counter() - started
            if (row and row[0] == 0) or gone > wait_s:
                break
            time.sleep(0.005)
        if row and row[0] != 0:
            gone = float("inf")
        clients = """
            FROM pg_stat_activity WHERE datname = current_database()
            AND backend_type = 'client backend' AND pid <> pg_backend_pid()
        """
        backends = con.execute("SELECT count(*) " + clients).fetchone()
        idle = con.execute(
            "SELECT count(*) " + clients + " AND state LIKE 'idle in transaction%'"
        ).fetchone()
        locks = con.execute(
            """
            SELECT count(*) FROM pg_locks l
            WHERE l.pid <> pg_backend_pid() AND (l.pid = %s OR l.pid IN (
                SELECT pid FROM pg_stat_activity WHERE datname = current_database()
                AND backend_type = 'client backend'))
            """,
            [killed_pid],
        ).fetchone()
        prepared = con.execute(
            "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"
        ).fetchone()
    return Leftovers(
        backend_gone_s=gone,
        backends=int(backends[0]) if backends else -1,
        idle_in_transaction=int(idle[0]) if idle else -1,
        locks=int(locks[0]) if locks else -1,
        prepared=int(prepared[0]) if prepared else -1,
    )


# --- the run ----------------------------------------------------------------------------------


def start_child(url: str, book: Path) -> tuple[subprocess.Popen[str], float, int]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(book)],
        env=env_for(url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().split()
    if line[:1] != ["start"]:
        raise SystemExit(f"the child did not start the import: {line!r} {child.stderr.read()}")  # type: ignore[union-attr]
    return child, time.perf_counter(), int(line[1])


def diff(a: dict[str, int], b: dict[str, int]) -> dict[str, Any]:
    return {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


def kill_once(
    store: Store,
    book: Path,
    before: dict[str, int],
    reference: dict[str, int],
    mode: str,
    target: int,
    say: Callable[[str], None],
) -> bool:
    """One kill at pledge ``target``, the checks and the re-run; prints one row; True if good."""
    postgres = isinstance(store, PostgresStore)
    name = f"kill-{target}" if not postgres else f"kill_{mode}_{target}"
    store.clone("base", name)
    url = store.url(name)
    recoveries = store.recoveries() if isinstance(store, PostgresStore) else 0
    child, started, backend_pid = start_child(url, book)
    assert child.stdout is not None
    seen = 0
    while seen < target:
        line = child.stdout.readline()
        if not line or line.startswith("done"):
            break
        seen += line.strip() == "pledge"
    kill_time = time.perf_counter()
    if mode == "client":
        child.send_signal(signal.SIGKILL)
    else:
        os.kill(backend_pid, signal.SIGKILL)
    out, _ = child.communicate()
    killed_at = time.perf_counter() - started
    if mode == "client":
        killed = child.returncode == -signal.SIGKILL and "done" not in out and seen == target
    else:
        killed = child.returncode not in (0, None) and "done" not in out and seen == target
    left = after = None
    recovered = True
    if isinstance(store, PostgresStore):
        back = wait_for_server(url, kill_time) if mode == "server" else None
        left = leftovers(url, backend_pid)
        if back is not None:
            left.backend_gone_s = back
            recovered = store.recoveries() == recoveries + 1
            store.reconnect()
        after = consistency(url)
    ok_integrity = "ok" if postgres else integrity(url)
    after_kill = counts(url)
    same_as_before = after_kill == before
    rerun, _, _ = start_child(url, book)
    out, err = rerun.communicate()
    last = out.strip().splitlines()[-1].split() if out.strip() else []
    rerun_ok = rerun.returncode == 0 and last[:1] == ["done"]
    rerun_status = last[2] if rerun_ok else f"error {err[-200:]!r}"
    rerun_seconds = float(last[1]) if rerun_ok else float("nan")
    same_as_reference = counts(url) == reference
    good = (
        killed
        and ok_integrity == "ok"
        and same_as_before
        and rerun_ok
        and rerun_status == "applied"
        and same_as_reference
    )
    if left is not None and after is not None:
        final = consistency(url)
        good = (
            good
            and recovered
            and left.backend_gone_s != float("inf")
            and left.backends == 0
            and left.idle_in_transaction == 0
            and left.locks == 0
            and left.prepared == 0
            and after.ok
            and final.ok
        )
        recovery = "" if mode == "client" else f" {'yes' if recovered else 'NO':>8}"
        say(
            f"{target:>17,} {killed_at:>8.2f} {child.returncode if killed else 'done':>5} "
            f"{left.backend_gone_s:>14.3f}{recovery} {left.backends:>7} "
            f"{left.idle_in_transaction:>10} {left.locks:>5} {left.prepared:>8} "
            f"{after.amcheck:>7} {after.orphans:>10} "
            f"{'yes' if same_as_before else 'NO':>15} {rerun_status:>8} "
            f"{rerun_seconds:>9.2f} {'yes' if same_as_reference else 'NO':>18} "
            f"{'ok' if final.ok else 'NO':>16}"
        )
    else:
        say(
            f"{target:>17,} {killed_at:>8.2f} {child.returncode if killed else 'done':>5} "
            f"{ok_integrity:>9} {'yes' if same_as_before else 'NO':>15} {rerun_status:>8} "
            f"{rerun_seconds:>9.2f} {'yes' if same_as_reference else 'NO':>18}"
        )
    if not same_as_before:
        say(f"  left behind by the killed import: {diff(before, after_kill)}")
    return good


def run(args: argparse.Namespace, store: Store, header: str) -> int:
    from intake import pledge_book

    postgres = isinstance(store, PostgresStore)
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    tmp = Path(tempfile.mkdtemp(prefix="sijeong-kill-"))
    book = tmp / "garam-pledge-book.txt"
    book.write_bytes(pledge_book(args.cards))
    store.create("base")
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
        env=env_for(store.url("base")),
        cwd=ROOT,
        check=True,
    )
    python(SETUP, store.url("base"))
    before = counts(store.url("base"))

    say(f"# Sijeong kill -9 during an import ({time.strftime('%Y-%m-%d')}, {header})")
    say("")
    say(f"document: generated pledge book, {args.cards:,} cards, {book.stat().st_size:,} bytes")

    store.clone("base", "reference")
    child, _, _ = start_child(store.url("reference"), book)
    out, err = child.communicate()
    if child.returncode != 0:
        raise SystemExit(err)
    _, seconds, status = out.strip().splitlines()[-1].split()
    import_seconds = float(seconds)
    reference = counts(store.url("reference"))
    grown = diff(before, reference)
    say(
        f"reference import: {import_seconds:.2f} s, status {status}; rows written: "
        + ", ".join(f"{k} {(b or 0) - (a or 0):,}" for k, (a, b) in grown.items())
    )
    if isinstance(store, PostgresStore):
        say(
            "server settings: "
            + ", ".join(f"{k} = {v}" for k, v in store.settings.items())
            + " (neither kill stops the operating system, so fsync off loses nothing here; "
            "Django does not use two-phase commit)"
        )
        ref_check = consistency(store.url("reference"))
        say(
            f"reference database: amcheck {ref_check.amcheck} ({ref_check.tables} tables with "
            f"verify_heapam, {ref_check.indexes} B-tree indexes with bt_index_check "
            f"heapallindexed); {ref_check.foreign_keys} foreign keys queried, "
            f"{ref_check.orphans} orphan rows, {ref_check.unchecked} not validated or multi-column"
        )
    say("")
    failures = 0
    # "client": kill -9 of the importing process (SQLite and PostgreSQL); "server": kill -9 of
    # the import's PostgreSQL backend, after which the server ends every backend and recovers
    # from its write-ahead log (only on a throw-away cluster, whose processes are ours to kill).
    modes = ["client"]
    if isinstance(store, PostgresStore) and store.server_log is not None:
        modes.append("server")
    for mode in modes:
        if mode == "server":
            say("")
            say(
                "kill -9 of the import's PostgreSQL server backend (the server then ends every "
                "backend and recovers from its write-ahead log; 'exit' is the importing process's, "
                "which loses its connection; 'server back s' is the time from the kill until the "
                "server accepts connections again; 'recovery' is whether its log says it recovered):"
            )
        if postgres:
            gone = "backend gone s" if mode == "client" else "server back s"
            recovery = "" if mode == "client" else f" {'recovery':>8}"
            say(
                f"{'kill after pledge':>17} {'after s':>8} {'exit':>5} {gone:>14}{recovery} "
                f"{'clients':>7} {'idle in tx':>10} {'locks':>5} {'prepared':>8} {'amcheck':>7} "
                f"{'FK orphans':>10} {'rows as before':>15} {'re-run':>8} {'re-run s':>9} "
                f"{'rows as reference':>18} {'amcheck+FK after':>16}"
            )
        else:
            say(
                f"{'kill after pledge':>17} {'after s':>8} {'exit':>5} {'integrity':>9} {'rows as before':>15} "
                f"{'re-run':>8} {'re-run s':>9} {'rows as reference':>18}"
            )
        for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
            target = max(1, round(args.cards * fraction))
            good = kill_once(store, book, before, reference, mode, target, say)
            failures += not good
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument(
        "--postgres",
        default="",
        help="'auto' for a throw-away PostgreSQL 15 cluster (as dev.py test starts it), or the "
        "DATABASE_URL of a server whose role may create and drop databases; default: SQLite",
    )
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    results = ROOT / "benchmarks" / "results"
    python_info = f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    if not args.postgres:
        args.out = args.out or str(results / "kill_import.txt")
        tmp = Path(tempfile.mkdtemp(prefix="sijeong-kill-db-"))
        try:
            return run(
                args, SqliteStore(tmp), f"{python_info}, SQLite {sqlite3.sqlite_version}, WAL"
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    args.out = args.out or str(results / "kill_import_postgresql.txt")

    def on(url: str, where: str, prefix: str = "", log: Path | None = None) -> int:
        store = PostgresStore(url, prefix, log)
        try:
            version = store.version.split()[0]
            return run(args, store, f"{python_info}, PostgreSQL {version}, {where}")
        finally:
            store.close()

    if args.postgres != "auto":
        return on(args.postgres, "given server")
    import dev

    bindir = dev.ensure_postgres()
    if bindir is None:
        raise SystemExit("PostgreSQL 서버가 없습니다 (root로 실행하면 자동 설치).")
    with dev.ThrowAwayCluster(bindir) as url:
        # The cluster has only the "postgres" database to connect to at first.
        log = Path(url.split("host=")[1].split("&")[0]) / "server.log"
        return on(
            with_database(url, "postgres"), "throw-away cluster as in dev.py test", "sijeong", log
        )


if __name__ == "__main__":
    sys.exit(main())
