"""Public-page load benchmark: minutes of mixed traffic on the public pages and the open-data API
of a national-scale data set on PostgreSQL, with zero errors as the pass mark (issue 9, item 5).

    .venv/bin/python benchmarks/public_load.py [--scale 1] [--postgres auto|URL]
        [--duration 300] [--concurrency 16] [--workers 3] [--peer-duration 60]
        [--out benchmarks/results/public_load.md]

Steps:

1. The data set of ``benchmarks/accountability.py`` (imported, not copied): a throw-away
   PostgreSQL 15 cluster, ``manage.py migrate``, then 243 municipalities, 25,000 pledges,
   250,000 progress entries and 60,000 budget programs at ``--scale 1`` (fixed seed).
2. The URLs, drawn from the data set itself (slugs, pledge codes, field codes, departments,
   program ids): a weighted mix of the public pages and the API across all municipalities, the
   bigger ones asked more often (Zipf over the pledge count), dashboards and pledge pages most.
3. gunicorn on 127.0.0.1 (``SIJEONG_DEBUG=0``, ``--workers`` sync workers: 3 measured best in
   accountability.md), serving ``config.wsgi`` through a thin wrapper that only counts the
   public cache's hits and misses per kind of request (``counting_app`` below). After a short
   warm-up, ``--concurrency`` client threads (``http.client``, one connection each, kept alive
   when the server allows it) send requests for ``--duration`` seconds. Every request is
   recorded (kind, status, latency, time); an error is a connection error, a timeout, a 5xx or
   any status other than the one expected for its kind (the nonexistent pledge expects 404,
   counted apart).
4. The peer, on the same machine, in the same run: the same client, mix and concurrency against
   the same gunicorn (same worker count) serving a replay app that answers every request with a
   body recorded from the real server for that kind (status and headers included) without
   Django or the database: the cost of the HTTP server, the client and the machine alone.
   The difference between the two is what the application (Django, the cache, PostgreSQL)
   adds.

The verdict is PASS only with zero errors in the main load.
"""

from __future__ import annotations

import argparse
import array
import atexit
import contextlib
import http.client
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import accountability as acc  # noqa: E402

SEED = acc.SEED
HOST = "localhost"
KIND_HEADER = "X-Load-Kind"
STATS_ENV = "PUBLIC_LOAD_STATS_DIR"
REPLAY_ENV = "PUBLIC_LOAD_REPLAY"
PAGE_SIZE = 20  # sijeong.web.views.PAGE_SIZE
ZIPF = 0.8  # popularity exponent over municipalities ranked by pledge count
SEARCH_WORDS = [
    "청년", "도서관", "주차장", "복지", "어르신 일자리", "전기차", "돌봄", "공원", "도시재생",
    "지역화폐", "체육센터", "버스", "미세먼지", "소상공인", "산후조리원",
]  # fmt: skip
PERCENTILES = (50, 90, 95, 99)

# kind, share of requests (%), what it is, expected status
KINDS: list[tuple[str, float, str, int]] = [
    ("dashboard", 24, "dashboard `/<m>/`", 200),
    ("pledge_list", 16, "pledge list `/<m>/pledges/` (filters, pages)", 200),
    ("pledge_detail", 22, "pledge page `/<m>/pledges/<code>/`", 200),
    ("program_list", 6, "budget program list `/<m>/programs/` (year, page)", 200),
    ("program_detail", 6, "budget program page `/<m>/programs/<id>/`", 200),
    ("api_pledges", 8, "API pledge list `/api/v1/<m>/pledges?…`", 200),
    ("api_pledge", 6, "API pledge `/api/v1/<m>/pledges/<code>`", 200),
    ("api_programs", 3, "API program list `/api/v1/<m>/programs?…`", 200),
    ("api_program", 2, "API program `/api/v1/<m>/programs/<id>`", 200),
    ("export_csv", 2, "CSV export `/api/v1/<m>/exports?table=pledges`", 200),
    ("search", 3, "search page `/<m>/search/?q=…`", 200),
    ("not_found", 2, "nonexistent pledge `/<m>/pledges/<bad>/` (404 expected)", 404),
]
KIND_NAMES = [k[0] for k in KINDS]
EXPECTED = {k[0]: k[3] for k in KINDS}


# --- inside gunicorn: the counting wrapper and the replay peer ---------------------------------


class CacheCounter:
    """Stands in for the cache of ``sijeong.core.publiccache``: passes every call through and
    counts, per kind of request, public answers found, missed and stored. Written to a file per worker
    (at most a second old while requests come, and at exit)."""

    def __init__(self, cache: Any, out: Path) -> None:
        self._cache = cache
        self._out = out
        self.kind = ""
        self.counts: dict[str, list[int]] = {}
        self._written = 0.0
        atexit.register(self.write)

    def get(self, key: str, *args: Any, **kwargs: Any) -> Any:
        value = self._cache.get(key, *args, **kwargs)
        if key.startswith("public:"):
            self._count(0 if value is not None else 1)
        return value

    def set(self, key: str, *args: Any, **kwargs: Any) -> Any:
        if key.startswith("public:"):
            self._count(2)
        return self._cache.set(key, *args, **kwargs)

    def _count(self, slot: int) -> None:
        """slot 0: a hit, 1: a miss, 2: an answer stored."""
        self.counts.setdefault(self.kind, [0, 0, 0])[slot] += 1
        now = time.monotonic()
        if now - self._written > 1:
            self.write()
            self._written = now

    def write(self) -> None:
        with contextlib.suppress(OSError):
            tmp = self._out.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.counts), encoding="utf-8")
            tmp.replace(self._out)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cache, name)


def counting_app() -> Callable[..., Any]:
    """gunicorn ``public_load:counting_app()``: config.wsgi with the public cache counted."""
    from config.wsgi import application
    from sijeong.core import publiccache

    counter = CacheCounter(
        publiccache.cache, Path(os.environ[STATS_ENV]) / f"worker-{os.getpid()}.json"
    )
    publiccache.cache = counter  # type: ignore[assignment]

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        counter.kind = environ.get("HTTP_X_LOAD_KIND", "")
        return application(environ, start_response)

    return app


def replay_app() -> Callable[..., Any]:
    """gunicorn ``public_load:replay_app()``: answers each request with a recorded answer of its
    kind (chosen by the path), read from the JSON file named by ``PUBLIC_LOAD_REPLAY``."""
    recorded = json.loads(Path(os.environ[REPLAY_ENV]).read_text(encoding="utf-8"))
    answers: dict[str, list[tuple[str, list[tuple[str, str]], bytes]]] = {
        kind: [(a["status"], [tuple(h) for h in a["headers"]], a["body"].encode("latin-1"))
               for a in items]
        for kind, items in recorded.items()
    }  # fmt: skip

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        items = answers.get(environ.get("HTTP_X_LOAD_KIND", "")) or answers["dashboard"]
        key = environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")
        status, headers, body = items[sum(key.encode()) % len(items)]
        start_response(status, headers)
        return [body]

    return app


# --- the URL mix, from the data set ------------------------------------------------------------


@dataclass
class Place:
    slug: str
    pledges: list[str]
    categories: list[str]
    departments: list[tuple[int, str]]  # lead departments: id, name
    statuses: list[str]
    programs: list[int]
    years: list[int]


@dataclass
class Mix:
    places: list[Place]
    weights: list[float]  # cumulative, for random.choices
    kinds: list[str] = field(default_factory=lambda: list(KIND_NAMES))
    kind_weights: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        shares = {k[0]: k[1] for k in KINDS}
        total = 0.0
        for kind in self.kinds:
            total += shares[kind]
            self.kind_weights.append(total)

    def next(self, rng: random.Random) -> tuple[str, str]:
        kind = rng.choices(self.kinds, cum_weights=self.kind_weights)[0]
        place = rng.choices(self.places, cum_weights=self.weights)[0]
        return kind, self.path(kind, place, rng)

    @staticmethod
    def path(kind: str, p: Place, rng: random.Random) -> str:
        q = urllib.parse.urlencode
        code = urllib.parse.quote(rng.choice(p.pledges)) if p.pledges else "x"
        pages = max(1, math.ceil(len(p.pledges) / PAGE_SIZE))
        if kind == "dashboard":
            return f"/{p.slug}/"
        if kind == "pledge_list":
            roll = rng.random()
            if roll < 0.4 or not p.pledges:
                return f"/{p.slug}/pledges/"
            if roll < 0.6:
                return f"/{p.slug}/pledges/?" + q({"page": rng.randint(2, max(2, pages))})
            if roll < 0.8:
                return f"/{p.slug}/pledges/?" + q({"status": rng.choice(p.statuses)})
            if roll < 0.9:
                return f"/{p.slug}/pledges/?" + q({"category": rng.choice(p.categories)})
            return f"/{p.slug}/pledges/?" + q({"department": rng.choice(p.departments)[0]})
        if kind == "pledge_detail":
            return f"/{p.slug}/pledges/{code}/"
        if kind == "program_list":
            roll = rng.random()
            if roll < 0.5 or not p.programs:
                return f"/{p.slug}/programs/"
            if roll < 0.8:
                return f"/{p.slug}/programs/?" + q({"year": rng.choice(p.years)})
            return f"/{p.slug}/programs/?" + q(
                {"page": rng.randint(1, max(1, len(p.programs) // PAGE_SIZE))}
            )
        if kind == "program_detail":
            return f"/{p.slug}/programs/{rng.choice(p.programs)}/"
        if kind == "api_pledges":
            params: dict[str, Any] = {"page_size": PAGE_SIZE}
            roll = rng.random()
            if roll < 0.4:
                params["page"] = rng.randint(1, pages)
            elif roll < 0.7:
                params["status"] = rng.choice(p.statuses)
            elif roll < 0.85:
                params["category"] = rng.choice(p.categories)
            else:
                params["department"] = rng.choice(p.departments)[1]
            return f"/api/v1/{p.slug}/pledges?" + q(params)
        if kind == "api_pledge":
            return f"/api/v1/{p.slug}/pledges/{code}"
        if kind == "api_programs":
            params = {"year": rng.choice(p.years), "page_size": PAGE_SIZE}
            if rng.random() < 0.3:
                params["page"] = 2
            return f"/api/v1/{p.slug}/programs?" + q(params)
        if kind == "api_program":
            return f"/api/v1/{p.slug}/programs/{rng.choice(p.programs)}"
        if kind == "export_csv":
            return f"/api/v1/{p.slug}/exports?table=pledges"
        if kind == "search":
            return f"/{p.slug}/search/?" + q({"q": rng.choice(SEARCH_WORDS)})
        if kind == "not_found":
            return f"/{p.slug}/pledges/NOPE-{rng.randint(1, 10_000)}/"
        raise ValueError(kind)


def load_mix(url: str, programs: bool) -> Mix:
    """Every municipality of the data set with what its URLs need, weighted by popularity."""
    import psycopg

    places: dict[int, Place] = {}
    sizes: dict[int, int] = {}
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SELECT id, slug FROM core_municipality ORDER BY id")
        for mid, slug in cur.fetchall():
            places[mid] = Place(slug, [], [], [], [], [], [])
        cur.execute(
            "SELECT p.municipality_id, p.code, p.status FROM pledges_pledge p"
            " ORDER BY p.municipality_id, p.sort_key, p.code"
        )
        statuses: dict[int, set[str]] = {}
        for mid, code, status in cur.fetchall():
            places[mid].pledges.append(code)
            statuses.setdefault(mid, set()).add(status)
        for mid, found in statuses.items():
            places[mid].statuses = sorted(found)
        cur.execute(
            "SELECT municipality_id, code FROM pledges_pledgecategory ORDER BY municipality_id, code"
        )
        for mid, code in cur.fetchall():
            places[mid].categories.append(code)
        cur.execute(
            "SELECT DISTINCT p.municipality_id, o.id, o.name FROM pledges_pledge p"
            " JOIN core_orgunit o ON o.id = p.lead_department_id ORDER BY 1, 2"
        )
        for mid, oid, name in cur.fetchall():
            places[mid].departments.append((oid, name))
        if programs:
            cur.execute("SELECT municipality_id, id, year FROM budgets_budgetprogram ORDER BY id")
            years: dict[int, set[int]] = {}
            for mid, pid, year in cur.fetchall():
                places[mid].programs.append(pid)
                years.setdefault(mid, set()).add(year)
            for mid, found_years in years.items():
                places[mid].years = sorted(found_years)
    for mid, place in places.items():
        sizes[mid] = len(place.pledges)
    usable = [
        mid
        for mid, p in places.items()
        if p.pledges and p.categories and p.departments and (p.programs or not programs)
    ]
    ranked = sorted(usable, key=lambda mid: (-sizes[mid], mid))
    cumulative: list[float] = []
    total = 0.0
    for rank in range(len(ranked)):
        total += 1 / (rank + 1) ** ZIPF
        cumulative.append(total)
    return Mix([places[mid] for mid in ranked], cumulative)


# --- the server ---------------------------------------------------------------------------------


class Server(acc.Gunicorn):
    """gunicorn on 127.0.0.1 serving ``app`` (a factory in this file, sync workers), with its
    workers' pids and memory; Django's log goes into the same file as gunicorn's."""

    def __init__(self, app: str, env: dict[str, str], workers: int, log: Path) -> None:
        super().__init__(
            env,
            workers,
            1,
            log,
            app=app,
            extra=["--pythonpath", str(ROOT / "benchmarks")],
            stderr=log,
        )

    def __enter__(self) -> Server:
        super().__enter__()
        deadline = time.monotonic() + 60
        while len(self.worker_pids()) < self.workers:  # every worker up before the load
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start {self.workers} workers; see {self.log}")
            time.sleep(0.3)
        return self

    def worker_pids(self) -> list[int]:
        assert self.proc is not None
        out = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.proc.pid:
                    out.append(int(stat.parent.name))
        return sorted(out)

    def rss(self) -> dict[str, Any]:
        """RSS of each worker and of the master, in MiB."""
        assert self.proc is not None

        def one(pid: int) -> float:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
            return 0.0

        workers = [one(pid) for pid in self.worker_pids()]
        return {"workers": workers, "master": one(self.proc.pid), "pids": self.worker_pids()}


def fetch(port: int, path: str, kind: str, timeout: float = 60) -> tuple[int, list, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": HOST, KIND_HEADER: kind})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


# --- the load driver ------------------------------------------------------------------------------


@dataclass
class Records:
    """One row per request, in compact arrays: kind index, status (0 = no answer), latency in
    seconds, end time in seconds since the start, body bytes."""

    kind: array.array = field(default_factory=lambda: array.array("B"))
    status: array.array = field(default_factory=lambda: array.array("H"))
    latency: array.array = field(default_factory=lambda: array.array("d"))
    end: array.array = field(default_factory=lambda: array.array("d"))
    size: array.array = field(default_factory=lambda: array.array("L"))
    failures: dict[str, int] = field(default_factory=dict)  # exception name → count
    connects: int = 0

    def extend(self, other: Records) -> None:
        for name in ("kind", "status", "latency", "end", "size"):
            getattr(self, name).extend(getattr(other, name))
        for key, n in other.failures.items():
            self.failures[key] = self.failures.get(key, 0) + n
        self.connects += other.connects

    def __len__(self) -> int:
        return len(self.kind)


def drive(
    port: int, mix: Mix, seconds: float, concurrency: int, timeout: float, seed: int
) -> tuple[Records, float, float]:
    """``concurrency`` threads, each with one connection (re-opened when the server closes it),
    sending requests from the mix back to back for ``seconds``. Returns the records, the wall
    time and the client's own CPU seconds."""
    index = {name: i for i, name in enumerate(KIND_NAMES)}
    results: list[Records] = []
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1)
    start_at = [0.0]

    def work(n: int) -> None:
        rng = random.Random(f"{seed}:client:{n}")
        mine = Records()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        ready.wait()
        t0 = start_at[0]
        stop = t0 + seconds
        while True:
            kind, path = mix.next(rng)
            if conn.sock is None:
                mine.connects += 1
            began = time.perf_counter()
            if began >= stop:
                break
            status, size = 0, 0
            try:
                conn.request("GET", path, headers={"Host": HOST, KIND_HEADER: kind})
                response = conn.getresponse()
                body = response.read()
                status, size = response.status, len(body)
            except (OSError, http.client.HTTPException) as exc:
                name = type(exc).__name__
                mine.failures[name] = mine.failures.get(name, 0) + 1
                conn.close()
            ended = time.perf_counter()
            mine.kind.append(index[kind])
            mine.status.append(status)
            mine.latency.append(ended - began)
            mine.end.append(ended - t0)
            mine.size.append(size)
        conn.close()
        with lock:
            results.append(mine)

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(concurrency)]
    for t in threads:
        t.start()
    cpu0 = time.process_time()
    start_at[0] = time.perf_counter()
    ready.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start_at[0]
    cpu = time.process_time() - cpu0
    out = Records()
    for r in results:
        out.extend(r)
    return out, wall, cpu


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def is_error(kind: str, status: int) -> bool:
    return status != EXPECTED[kind]


def summarize(rec: Records, wall: float, planned: float | None = None) -> dict[str, Any]:
    """Per kind and in all: requests, errors, expected 404s, percentiles, req/s, bytes; and per
    minute: req/s, p95, errors. Requests still in flight at the ``planned`` end count in the
    last minute."""
    groups: dict[str, list[int]] = {name: [] for name in KIND_NAMES}
    for i, k in enumerate(rec.kind):
        groups[KIND_NAMES[k]].append(i)

    def stats(rows: Iterable[int], seconds: float) -> dict[str, Any]:
        rows = list(rows)
        lat = sorted(rec.latency[i] * 1000 for i in rows)
        errors = sum(1 for i in rows if is_error(KIND_NAMES[rec.kind[i]], rec.status[i]))
        statuses: dict[int, int] = {}
        for i in rows:
            statuses[rec.status[i]] = statuses.get(rec.status[i], 0) + 1
        return {
            "requests": len(rows),
            "errors": errors,
            "statuses": statuses,
            "expected_404": sum(
                1 for i in rows if KIND_NAMES[rec.kind[i]] == "not_found" and rec.status[i] == 404
            ),
            **{f"p{p}": percentile(lat, p) for p in PERCENTILES},
            "max": lat[-1] if lat else math.nan,
            "mean": sum(lat) / len(lat) if lat else math.nan,
            "rps": len(rows) / seconds if seconds else math.nan,
            "bytes": sum(rec.size[i] for i in rows) / len(rows) if rows else 0,
        }

    per_kind = {name: stats(rows, wall) for name, rows in groups.items()}
    total = stats(range(len(rec)), wall)
    minutes: list[dict[str, Any]] = []
    count = max(1, math.ceil((planned or wall) / 60 - 1e-9))
    buckets: list[list[int]] = [[] for _ in range(count)]
    for i, end in enumerate(rec.end):
        buckets[min(count - 1, int(end // 60))].append(i)
    for m, rows in enumerate(buckets):
        seconds = wall - 60 * m if m == count - 1 else 60.0
        minutes.append({"minute": m + 1, "seconds": seconds, **stats(rows, seconds)})
    return {"kinds": per_kind, "total": total, "minutes": minutes}


def cache_counts(stats_dir: Path) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for f in stats_dir.glob("worker-*.json"):
        with contextlib.suppress(OSError, ValueError):
            for kind, counts in json.loads(f.read_text(encoding="utf-8")).items():
                mine = out.setdefault(kind, [0, 0, 0])
                for i, n in enumerate(counts):
                    mine[i] += n
    return out


def record_replay(port: int, mix: Mix, per_kind: int, seed: int, out: Path) -> dict[str, Any]:
    """``per_kind`` answers of each kind from the real server (status, headers, body), for the
    replay peer."""
    rng = random.Random(f"{seed}:replay")
    recorded: dict[str, list[dict[str, Any]]] = {}
    skip = {"connection", "keep-alive", "transfer-encoding", "date", "server", "content-length"}
    for kind in KIND_NAMES:
        items = []
        for _ in range(per_kind):
            place = rng.choices(mix.places, cum_weights=mix.weights)[0]
            status, headers, body = fetch(port, mix.path(kind, place, rng), kind)
            reason = http.client.responses.get(status, "")
            kept = [[k, v] for k, v in headers if k.lower() not in skip]
            kept.append(["Content-Length", str(len(body))])
            items.append(
                {"status": f"{status} {reason}", "headers": kept, "body": body.decode("latin-1")}
            )
        recorded[kind] = items
    out.write_text(json.dumps(recorded), encoding="utf-8")
    return {
        kind: sum(len(a["body"]) for a in items) / len(items) for kind, items in recorded.items()
    }


# --- the run -----------------------------------------------------------------------------------


def loadavg() -> tuple[float, float, float]:
    return os.getloadavg()


def run_load(
    args: argparse.Namespace,
    server: Server,
    mix: Mix,
    seconds: float,
    say: Callable[[str], None],
    label: str,
    stats_dir: Path | None = None,
) -> dict[str, Any]:
    warmup = args.warmup if stats_dir else min(args.warmup, 10)
    if warmup > 0:
        say(f"{label}: warm-up {warmup:.0f} s")
        drive(server.port, mix, warmup, args.concurrency, args.timeout, args.seed + 1)
    entry: dict[str, Any] = {"loadavg_before": loadavg(), "rss_before": server.rss()}
    say(f"{label}: load {seconds:.0f} s at {args.concurrency} connections")
    # The workers' counts are at most a second old: the difference is the load's, within a
    # second of traffic at each end.
    counted = cache_counts(stats_dir) if stats_dir else {}
    rec, wall, cpu = drive(server.port, mix, seconds, args.concurrency, args.timeout, args.seed)
    if stats_dir:
        entry["cache"] = {
            kind: [n - counted.get(kind, [0, 0, 0])[i] for i, n in enumerate(counts)]
            for kind, counts in cache_counts(stats_dir).items()
        }
    entry.update(
        loadavg_after=loadavg(),
        rss_after=server.rss(),
        wall=wall,
        client_cpu=cpu,
        connects=rec.connects,
        failures=rec.failures,
        summary=summarize(rec, wall, seconds),
    )
    t = entry["summary"]["total"]
    say(
        f"{label}: {t['requests']:,} requests in {wall:.1f} s, {t['rps']:,.0f} req/s,"
        f" p50 {t['p50']:.1f} ms, p95 {t['p95']:.1f} ms, p99 {t['p99']:.1f} ms,"
        f" max {t['max']:.0f} ms, errors {t['errors']}"
    )
    return entry


def measure(args: argparse.Namespace, url: str, say: Callable[[str], None]) -> dict[str, Any]:
    acc.ensure_gunicorn()
    base_env = {**os.environ, "DATABASE_URL": url}
    result: dict[str, Any] = {"started": time.strftime("%Y-%m-%d %H:%M")}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
        env={**base_env, "SIJEONG_DEBUG": "1"},
        check=True,
        cwd=ROOT,
    )
    result["migrate_seconds"] = time.perf_counter() - t0
    say(f"migrated in {result['migrate_seconds']:.1f} s; generating (scale {args.scale})")
    data = acc.run_phase(
        "generate", {**base_env, "SIJEONG_DEBUG": "1"}, "--scale", str(args.scale), "--seed", str(args.seed)
    )  # fmt: skip
    result["data"] = data
    say(
        f"data set: {data['rows']:,} rows, {data['municipalities']} municipalities,"
        f" {data['database_bytes'] / 2**20:,.0f} MiB"
    )
    result.update(serve_and_load(args, url, data, say))
    return result


def serve_and_load(
    args: argparse.Namespace, url: str, data: dict[str, Any], say: Callable[[str], None]
) -> dict[str, Any]:
    """The load and the peer on a database that holds the data set."""
    base_env = {**os.environ, "DATABASE_URL": url}
    result: dict[str, Any] = {}
    mix = load_mix(url, bool(data["programs"]))
    result["mix"] = {
        "municipalities": len(mix.places),
        "pledges": sum(len(p.pledges) for p in mix.places),
        "programs": sum(len(p.programs) for p in mix.places),
        "top": [p.slug for p in mix.places[:5]],
        "top_share": mix.weights[0] / mix.weights[-1],
        "top10_share": mix.weights[min(9, len(mix.weights) - 1)] / mix.weights[-1],
    }
    server_env = {
        **base_env,
        "SIJEONG_DEBUG": "0",
        "SIJEONG_SECRET_KEY": acc.SECRET_KEY,
        "SIJEONG_HTTPS": "0",
        "SIJEONG_ALLOWED_HOSTS": HOST,
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning,ignore:Glyph:UserWarning",
    }
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        stats_dir = tmp / "stats"
        stats_dir.mkdir()
        app_env = {**server_env, STATS_ENV: str(stats_dir)}
        log = tmp / "gunicorn.log"
        with Server("public_load:counting_app()", app_env, args.workers, log) as server:
            result["app"] = run_load(
                args, server, mix, args.duration, say, "application", stats_dir
            )
            result["cache"] = result["app"]["cache"]
            if args.serial_duration > 0:
                # one connection, warm caches: the service time of each kind without queueing
                say(f"application: {args.serial_duration:.0f} s on one connection")
                rec, wall, _ = drive(
                    server.port, mix, args.serial_duration, 1, args.timeout, args.seed + 2
                )
                result["serial"] = summarize(rec, wall)
            say("recording answers for the replay peer")
            result["replay_bytes"] = record_replay(
                server.port, mix, args.replay_answers, args.seed, tmp / "replay.json"
            )
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        # Django logs each 404 ("Not Found: /path") at warning level: counted, not shown.
        result["logged_404"] = sum(1 for line in lines if line.startswith("Not Found: "))
        text = "\n".join(line for line in lines if not line.startswith("Not Found: ")).strip()
        result["app_log"] = text[-3000:]
        if text:
            say("gunicorn log:\n" + text[-2000:])
        if args.peer_duration > 0:
            peer_env = {**os.environ, REPLAY_ENV: str(tmp / "replay.json")}
            with Server(
                "public_load:replay_app()", peer_env, args.workers, tmp / "peer.log"
            ) as peer:
                result["peer"] = run_load(args, peer, mix, args.peer_duration, say, "replay peer")
    result["versions"] = peer_versions(data["server_version"])
    return result


def peer_versions(pg_version: str) -> str:
    import importlib.metadata

    out = [f"Python {sys.version.split()[0]}", f"PostgreSQL {pg_version}"]
    for name in ("django", "django-ninja", "psycopg", "gunicorn", "whitenoise"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            out.append(f"{name}=={importlib.metadata.version(name)}")
    return ", ".join(out)


# --- the report ----------------------------------------------------------------------------------


def ms(x: float) -> str:
    if math.isnan(x):
        return "–"
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def kind_table(summary: dict[str, Any], cache: dict[str, list[int]] | None) -> list[str]:
    head = "| kind | share | requests | errors | p50 ms | p90 ms | p95 ms | p99 ms | max ms | req/s | bytes |"
    sep = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if cache is not None:
        head += " cache hits |"
        sep += "---:|"
    lines = [head, sep]
    total = summary["total"]["requests"] or 1
    for kind, share, title, _ in KINDS:
        s = summary["kinds"][kind]
        row = (
            f"| {title} | {share:.0f} % ({s['requests'] / total:.1%}) | {s['requests']:,} |"
            f" {s['errors']} | {ms(s['p50'])} | {ms(s['p90'])} | {ms(s['p95'])} | {ms(s['p99'])} |"
            f" {ms(s['max'])} | {s['rps']:,.0f} | {s['bytes']:,.0f} |"
        )
        if cache is not None:
            hits, misses, stored = cache.get(kind, [0, 0, 0])
            row += f" {hits / (hits + misses):.0%} |" if hits or stored else " not kept |"
        lines.append(row)
    s = summary["total"]
    row = (
        f"| **all** | 100 % | **{s['requests']:,}** | **{s['errors']}** | {ms(s['p50'])} |"
        f" {ms(s['p90'])} | **{ms(s['p95'])}** | {ms(s['p99'])} | {ms(s['max'])} |"
        f" **{s['rps']:,.0f}** | {s['bytes']:,.0f} |"
    )
    if cache is not None:
        hits = sum(c[0] for c in cache.values())
        misses = sum(c[1] for c in cache.values())
        row += f" {hits / (hits + misses):.0%} |" if hits + misses else " – |"
    lines.append(row)
    return lines


def minute_table(summary: dict[str, Any]) -> list[str]:
    lines = [
        "| minute | seconds | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in summary["minutes"]:
        lines.append(
            f"| {m['minute']} | {m['seconds']:.0f} | {m['requests']:,} | {m['rps']:,.0f} |"
            f" {ms(m['p50'])} | {ms(m['p95'])} | {ms(m['p99'])} | {ms(m['max'])} | {m['errors']} |"
        )
    return lines


def rss_text(entry: dict[str, Any]) -> str:
    def one(r: dict[str, Any]) -> str:
        workers = ", ".join(f"{x:.0f}" for x in r["workers"])
        return f"workers {workers} MiB (sum {sum(r['workers']):.0f}), master {r['master']:.0f} MiB"

    return f"start: {one(entry['rss_before'])}; end: {one(entry['rss_after'])}"


def load_text(entry: dict[str, Any]) -> str:
    b, a = entry["loadavg_before"], entry["loadavg_after"]
    return f"{b[0]:.2f}, {b[1]:.2f}, {b[2]:.2f} at the start; {a[0]:.2f}, {a[1]:.2f}, {a[2]:.2f} at the end"


def errors_of(entry: dict[str, Any]) -> int:
    return int(entry["summary"]["total"]["errors"])


def status_text(entry: dict[str, Any]) -> str:
    parts = []
    for kind in KIND_NAMES:
        statuses = entry["summary"]["kinds"][kind]["statuses"]
        parts.append(
            f"{kind} " + "/".join(f"{n:,}×{s or 'none'}" for s, n in sorted(statuses.items()))
        )
    return "; ".join(parts)


def report(args: argparse.Namespace, r: dict[str, Any], command: str, seconds: float) -> list[str]:
    d = r["data"]
    app = r["app"]
    s = app["summary"]["total"]
    verdict = "PASS" if errors_of(app) == 0 and s["requests"] > 0 else "FAIL"
    out = [
        f"# Public-page load on national-scale data ({r['started'][:10]}): **{verdict}**",
        "",
        f"Machine: {acc.machine()}. The client, gunicorn and PostgreSQL share these cores,"
        " and the machine is shared with other jobs (load averages below).  ",
        f"Versions: {r['versions']}.  ",
        f"Run: `{command}`, {seconds / 60:.1f} min in all (started {r['started']}).",
        "",
        f"**{s['requests']:,} requests in {app['wall']:.0f} s, {errors_of(app)} errors"
        f" ({verdict}).** All requests: p50 {ms(s['p50'])} ms, p90 {ms(s['p90'])} ms,"
        f" p95 {ms(s['p95'])} ms, p99 {ms(s['p99'])} ms, max {ms(s['max'])} ms,"
        f" {s['rps']:,.0f} req/s.",
        "",
        f"## Data set (scale {d['scale']}, seed {d['seed']})",
        "",
        f"The data set of `benchmarks/accountability.py` (generated by importing it):"
        f" {d['municipalities']} municipalities, {d['rows']:,} rows, database"
        f" {d['database_bytes'] / 2**20:,.0f} MiB, written with COPY in {d['load_seconds']:.1f} s.",
        "",
        "| table | rows |",
        "|---|---:|",
    ]
    for table in (
        "core_municipality", "pledges_pledge", "pledges_pledgetarget", "pledges_progressentry",
        "budgets_budgetprogram", "budgets_scheduleentry", "core_auditentry",
    ):  # fmt: skip
        if table in d["counts"]:
            out.append(f"| {table} | {d['counts'][table]:,} |")
    m = r["mix"]
    out += [
        "",
        "## Load",
        "",
        f"Server: gunicorn, {args.workers} sync workers, `SIJEONG_DEBUG=0`, on 127.0.0.1, with"
        " the cache of config/settings.py (local memory per process, SIJEONG_CACHE_ENTRIES ="
        " 5,000 answers) behind the"
        " public-cache middleware; `config.wsgi` wrapped only to count that cache's hits per kind"
        " (`counting_app`). Client: a Python thread per connection with `http.client`,"
        f" {args.concurrency} connections, requests back to back (no think time), timeout"
        f" {args.timeout:.0f} s; {args.warmup:.0f} s of the same mix as a warm-up before the"
        f" {args.duration:.0f} s measured. Sync workers close each connection after its answer,"
        f" so the client reconnected for each request ({app['connects']:,} connections opened).",
        "",
        f"URLs: drawn at random from the data set for each request: {m['municipalities']}"
        f" municipalities, {m['pledges']:,} pledge codes, {m['programs']:,} budget programs. A"
        f" municipality is chosen by popularity, Zipf (s = {ZIPF}) over the pledge count: the"
        f" largest ({', '.join(m['top'][:3])}, …) gets {m['top_share']:.1%} of the requests, the"
        f" ten largest {m['top10_share']:.1%}. Pledge lists: 40 % page 1, 20 % a later page,"
        " 20 % by status, 10 % by field, 10 % by lead department. The API pledge list: by page,"
        " status, field or department (name). Program lists by year and page. Search: one of"
        f" {len(SEARCH_WORDS)} words. The nonexistent pledge expects 404, counted apart from"
        " errors.",
        "",
        "An error is a connection error, a timeout, a 5xx or any status other than the kind's"
        " expected one. 'share' is the mix's weight (and the share measured); 'cache hits' the"
        " share of requests answered from the public cache, counted in the workers; 'not kept':"
        " the view does not mark its answers public (the pledge list and pledge page, the program"
        " pages, search, the 404), so each request builds its page (search from its own cached"
        " index).",
        "",
        *kind_table(app["summary"], r.get("cache")),
        "",
        f"- Statuses: {status_text(app)}.",
        f"- Expected 404s (nonexistent pledge): {app['summary']['kinds']['not_found']['expected_404']:,}.",
        f"- Client-side failures: {app['failures'] or 'none'}.",
        f"- Memory (RSS): {rss_text(app)}.",
        f"- Load average: {load_text(app)}.",
        f"- The client used {app['client_cpu']:.1f} CPU-seconds in {app['wall']:.0f} s"
        f" ({app['client_cpu'] / app['wall'] / (os.cpu_count() or 1):.0%} of the machine).",
        "",
        "### Per minute",
        "",
        *minute_table(app["summary"]),
        "",
    ]
    if r.get("serial"):
        ss = r["serial"]["total"]
        out += [
            "### Service time: one connection after the load",
            "",
            f"With {args.concurrency} requests always in flight, latency ≈ {args.concurrency} ÷"
            " throughput: it is mostly queueing. The same mix on one connection for"
            f" {args.serial_duration:.0f} s right after the load (caches as the load left them)"
            f" shows what each kind costs without a queue ({ss['requests']:,} requests,"
            f" {ss['errors']} errors):",
            "",
            *kind_table(r["serial"], None),
            "",
        ]
    if r.get("logged_404") is not None:
        out.append(
            f"gunicorn's error log: {r['logged_404']:,} 'Not Found' warnings (Django's log of each"
            " 404, warm-up and replay recording included), "
            + ("and nothing else." if not r.get("app_log") else "and the lines below.")
        )
        out.append("")
    if r.get("app_log"):
        out += ["gunicorn's error log (last lines):", "", "```", r["app_log"], "```", ""]
    peer = r.get("peer")
    if peer:
        ps = peer["summary"]["total"]
        out += [
            "## Peer: the same load against recorded answers",
            "",
            f"The same client, mix, concurrency ({args.concurrency}) and gunicorn ({args.workers}"
            " sync workers) for"
            f" {peer['wall']:.0f} s, but the app is `replay_app`: it answers each request with"
            f" one of {args.replay_answers} answers per kind recorded from the real server after"
            " the load (status, headers and body as served), without Django or the database."
            " It measures what the HTTP server, the client and this machine cost on their own:"
            " the floor under the application's numbers. The application's time above it is"
            " what Django, the cache and PostgreSQL add.",
            "",
            "| | requests | errors | p50 ms | p90 ms | p95 ms | p99 ms | max ms | req/s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, t in (("application", s), ("replay peer", ps)):
            out.append(
                f"| {name} | {t['requests']:,} | {t['errors']} | {ms(t['p50'])} | {ms(t['p90'])} |"
                f" {ms(t['p95'])} | {ms(t['p99'])} | {ms(t['max'])} | {t['rps']:,.0f} |"
            )
        out += [
            "",
            f"Application ÷ peer: p50 {s['p50'] / ps['p50']:.1f}×, p95 {s['p95'] / ps['p95']:.1f}×,"
            f" throughput {s['rps'] / ps['rps']:.2g}×.",
            "",
            "Per kind (peer):",
            "",
            *kind_table(peer["summary"], None),
            "",
            f"- Peer load average: {load_text(peer)}; peer memory (RSS): {rss_text(peer)}.",
            f"- The client used {peer['client_cpu']:.1f} CPU-seconds in {peer['wall']:.0f} s"
            f" ({peer['client_cpu'] / peer['wall'] / (os.cpu_count() or 1):.0%} of the machine).",
            "",
        ]
    out += [
        "## Verdict",
        "",
        f"{verdict}: {errors_of(app)} errors in {s['requests']:,} requests over"
        f" {app['wall']:.0f} s (issue 9 asks for zero).",
    ]
    return out


def main(args: argparse.Namespace) -> int:
    started = time.perf_counter()

    def say(text: str) -> None:
        print(text, flush=True)

    command = ".venv/bin/python benchmarks/public_load.py " + " ".join(sys.argv[1:])
    if args.postgres == "auto":
        import dev

        bindir = dev.ensure_postgres()
        if bindir is None:
            raise SystemExit("PostgreSQL 서버가 없습니다 (root로 실행하면 자동 설치).")
        with dev.ThrowAwayCluster(bindir) as url:
            host = url.split("host=")[1].split("&")[0]
            port = url.split("port=")[1]
            createdb = [str(bindir / "createdb"), "-h", host, "-p", port, "-U", "postgres"]
            subprocess.run([*createdb, "sijeong"], check=True)
            result = measure(args, url, say)
    else:
        result = measure(args, args.postgres, say)
    lines = report(args, result, command.strip(), time.perf_counter() - started)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(kind_table(result["app"]["summary"], result.get("cache"))))
    print("\n".join(minute_table(result["app"]["summary"])))
    if "peer" in result:
        print("peer:\n" + "\n".join(kind_table(result["peer"]["summary"], None)))
    errors = errors_of(result["app"])
    print(f"\n{'PASS' if errors == 0 else 'FAIL'}: {errors} errors; written to {out}")
    return 0 if errors == 0 else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the national data set")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--postgres", default="auto", help="DATABASE_URL of an empty database, or 'auto'"
    )
    parser.add_argument("--duration", type=float, default=300, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=30, help="warm-up seconds (same mix)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--timeout", type=float, default=30, help="client timeout, seconds")
    parser.add_argument(
        "--serial-duration", type=float, default=30, help="seconds on one connection after the load"
    )
    parser.add_argument("--peer-duration", type=float, default=60, help="0: no peer")
    parser.add_argument("--replay-answers", type=int, default=20, help="answers per kind")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "public_load.md"))
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main(parse_args()))
