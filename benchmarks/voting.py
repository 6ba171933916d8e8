"""Plenary vote benchmark: 200 participants casting 5 votes each, against SQLite and PostgreSQL.

    .venv/bin/python benchmarks/voting.py [--postgres URL|auto] [--workers 32] [--out FILE]

Each backend gets a fresh database, migrated with ``manage.py migrate``. In it:

1. Burst: 200 phones send their ballot (5 votes each, 1,000 votes) at the same instant to a pool
   of ``--workers`` request threads with persistent connections, as an app server would serve
   them. Latency is what a phone waits (queueing included); service time is the ballot alone.
   A poller reads the live tally every 0.1 s meanwhile, as the hall screen does every 2 s.
2. Spread: another 200 phones send theirs at random moments within 10 s.
3. Replays: every ballot of the burst is sent again, all at once: each must be refused.
4. Double taps: 50 phones send the same ballot twice at the same instant: one of each pair counts.
5. Close: 200 phones send at once and the vote is closed when half have their answer. Every
   ballot answered "ok" counts, every other one is refused as closed, and the tally read right
   after the close equals the final one: no ballot committed after the close.

After each step every proposal's count is compared with the expected one: each of the 1,000 votes
counted exactly once, nothing from a refused ballot. Goal: each step within 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHONES = 200
VOTES = 5
PROPOSALS = 20
DOUBLE_TAPS = 50
SPREAD_SECONDS = 10.0


def choices_of(n: int) -> list[int]:
    """Proposal indexes of phone ``n``: five distinct ones (7 is invertible modulo 20)."""
    return [(n * 3 + k * 7) % PROPOSALS for k in range(VOTES)]


# --- the worker: runs inside a configured Django process ------------------------------------


class Server:
    """``workers`` request threads, each with its own persistent database connection."""

    def __init__(self, workers: int, handler: Callable[[Any], str]) -> None:
        self.jobs: queue.Queue[tuple[Any, float, list[Any]] | None] = queue.Queue()
        self.handler = handler
        self.threads = [threading.Thread(target=self._loop) for _ in range(workers)]
        for t in self.threads:
            t.start()

    def _loop(self) -> None:
        from django.db import connection

        try:
            while (job := self.jobs.get()) is not None:
                payload, _sent, out = job
                start = time.perf_counter()
                try:
                    outcome = self.handler(payload)
                except Exception as err:  # reported in the outcomes, never swallowed
                    outcome = f"error: {type(err).__name__}: {err}"
                out.extend([outcome, start, time.perf_counter()])
        finally:
            connection.close()

    def send(self, payload: Any, sent: float) -> list[Any]:
        out: list[Any] = []
        self.jobs.put((payload, sent, out))
        return out

    def stop(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)
        for t in self.threads:
            t.join()


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "max": ordered[-1]}


def worker(workers: int) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from sijeong.core.errors import InvalidInput
    from sijeong.core.models import Municipality
    from sijeong.participation.models import (
        Ballot,
        Participant,
        RoundTable,
        RoundTableStatus,
        Team,
        TeamProposal,
        Vote,
    )
    from sijeong.participation.services.voting import (
        MSG_ALREADY,
        MSG_CLOSED,
        ballot_cast,
        vote_close,
        vote_open,
        vote_tally,
    )

    if Ballot._meta.db_table not in connection.introspection.table_names():
        raise SystemExit("participation의 투표 테이블이 없습니다: 마이그레이션을 먼저 만드세요.")
    city = Municipality.objects.create(name="벤치시", kind="si", code="99999", slug="bench")

    def event(slug: str, phones: int) -> tuple[RoundTable, list[int], list[str]]:
        rt = RoundTable.objects.create(
            municipality=city,
            topic="벤치마크",
            title=slug,
            slug=slug,
            capacity=phones,
            votes_per_participant=VOTES,
            status=RoundTableStatus.IN_SESSION,
        )
        teams = Team.objects.bulk_create(
            Team(roundtable=rt, number=k + 1) for k in range(PROPOSALS)
        )
        proposals = TeamProposal.objects.bulk_create(
            TeamProposal(roundtable=rt, team=t, title=f"{t.number}조 제안") for t in teams
        )
        now = timezone.now()
        people = Participant.objects.bulk_create(
            Participant(
                roundtable=rt,
                name=f"참여자{n}",
                contact=f"010-{n:08d}",
                age_band="30s",
                gender="female",
                district="중앙동",
                consent_personal=True,
                consent_opinions=True,
                consent_notice_version="2026-1",
                consented_at=now,
                code=f"B{n:07d}",
                team=teams[n % PROPOSALS],
            )
            for n in range(phones)
        )
        vote_open(actor=None, roundtable=rt)
        return rt, [p.pk for p in proposals], [p.code for p in people]

    def check(rt: RoundTable, ids: list[int], ballots: list[list[int]]) -> dict[str, Any]:
        expected = Counter(ids[i] for picks in ballots for i in picks)
        counted = Counter(
            dict(
                Vote.objects.filter(roundtable=rt)
                .values("proposal")
                .annotate(n=Count("id"))
                .values_list("proposal", "n")
            )
        )
        tally = vote_tally(rt)
        ok = (
            counted == expected
            and {r.proposal_id: r.votes for r in tally.rows if r.votes} == dict(expected)
            and tally.ballots_cast == len(ballots)
            and tally.votes_cast == sum(expected.values())
            and Ballot.objects.filter(roundtable=rt).count() == len(ballots)
        )
        return {
            "exact": ok,
            "votes": sum(counted.values()),
            "expected_votes": sum(expected.values()),
            "ballots": tally.ballots_cast,
        }

    def cast(payload: tuple[RoundTable, str, list[int]]) -> str:
        rt, code, proposal_ids = payload
        try:
            ballot_cast(roundtable=rt, code=code, proposal_ids=proposal_ids)
        except InvalidInput as err:
            if err.message in (MSG_ALREADY, MSG_CLOSED):
                return "refused" if err.message == MSG_ALREADY else "closed"
            return f"refused: {err.message}"
        return "ok"

    result: dict[str, Any] = {"vendor": connection.vendor, "workers": workers}
    server = Server(workers, cast)

    def run(
        rt: RoundTable,
        ids: list[int],
        codes: list[str],
        picks: list[list[int]],
        delays: list[float],
        close_after: int | None = None,
    ) -> dict[str, Any]:
        t0 = time.perf_counter()
        outs = []
        for code, p, delay in sorted(zip(codes, picks, delays, strict=True), key=lambda x: x[2]):
            while (now := time.perf_counter()) < t0 + delay:
                time.sleep(min(0.005, t0 + delay - now))
            outs.append((now, p, server.send((rt, code, [ids[i] for i in p]), now)))
        at_close: dict[int, int] | None = None
        while any(len(o) < 3 for _, _, o in outs):
            done = sum(len(o) == 3 for _, _, o in outs)
            if close_after is not None and at_close is None and done >= close_after:
                vote_close(actor=None, roundtable=rt)
                at_close = {r.proposal_id: r.votes for r in vote_tally(rt).rows}
            time.sleep(0.001)
        out: dict[str, Any] = {
            "seconds": max(o[2] for _, _, o in outs) - t0,
            "outcomes": dict(Counter(o[0] for _, _, o in outs)),
            "latency": _percentiles([o[2] - sent for sent, _, o in outs]),
            "service": _percentiles([o[2] - o[1] for _, _, o in outs]),
            "accepted": [p for _, p, o in outs if o[0] == "ok"],
        }
        if at_close is not None:
            final = {r.proposal_id: r.votes for r in vote_tally(rt).rows}
            out["same_after_close"] = at_close == final
        return out

    # 1. burst, with the hall screen polling the tally
    rt, ids, codes = event("burst", PHONES)
    picks = [choices_of(n) for n in range(PHONES)]
    polls: list[float] = []
    polling = threading.Event()

    def poll() -> None:
        try:
            while not polling.is_set():
                start = time.perf_counter()
                vote_tally(rt)
                polls.append(time.perf_counter() - start)
                time.sleep(0.1)
        finally:
            connection.close()

    poller = threading.Thread(target=poll)
    poller.start()
    result["burst"] = run(rt, ids, codes, picks, [0.0] * PHONES)
    polling.set()
    poller.join()
    result["burst"]["tally_polls"] = {"count": len(polls), **_percentiles(polls)}
    result["burst"]["check"] = check(rt, ids, picks)

    # 3. replays of the burst's ballots, all at once
    result["replay"] = run(rt, ids, codes, picks, [0.0] * PHONES)
    result["replay"]["check"] = check(rt, ids, picks)

    # 2. spread over ten seconds
    rng = random.Random(2026)
    rt2, ids2, codes2 = event("spread", PHONES)
    delays = [rng.uniform(0, SPREAD_SECONDS) for _ in range(PHONES)]
    result["spread"] = run(rt2, ids2, codes2, picks, delays)
    result["spread"]["check"] = check(rt2, ids2, picks)

    # 4. double taps: each ballot twice at the same instant
    rt3, ids3, codes3 = event("taps", DOUBLE_TAPS)
    tap_picks = [choices_of(n) for n in range(DOUBLE_TAPS)]
    result["taps"] = run(rt3, ids3, codes3 * 2, tap_picks * 2, [0.0] * (2 * DOUBLE_TAPS))
    result["taps"]["check"] = check(rt3, ids3, tap_picks)
    # 5. the close in the middle of a burst: nothing may count after it
    rt4, ids4, codes4 = event("close", PHONES)
    result["close"] = run(rt4, ids4, codes4, picks, [0.0] * PHONES, close_after=PHONES // 2)
    result["close"]["check"] = check(rt4, ids4, result["close"]["accepted"])
    server.stop()
    connection.close()
    for step in result.values():
        if isinstance(step, dict):
            step.pop("accepted", None)
    return result


# --- the driver -------------------------------------------------------------------------------


def run_backend(url: str, workers: int) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url, "SIJEONG_DEBUG": "1"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, __file__, "--worker", out.name, "--workers", str(workers)],
            env=env,
            check=True,
        )
        return json.loads(Path(out.name).read_text(encoding="utf-8"))


def report(label: str, r: dict[str, Any], say: Callable[[str], None]) -> bool:
    say(f"## {label} ({r['workers']} request threads)")
    say(
        f"{'step':<8} {'ballots':>7} {'seconds':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        f" {'svc p50':>8} {'svc p95':>8}  outcomes / check"
    )
    good = True
    for step, expect in (
        ("burst", {"ok": PHONES}),
        ("spread", {"ok": PHONES}),
        ("replay", {"refused": PHONES}),
        ("taps", {"ok": DOUBLE_TAPS, "refused": DOUBLE_TAPS}),
        ("close", None),
    ):
        s = r[step]
        lat, svc, chk = s["latency"], s["service"], s["check"]
        if expect is None:  # accepted before the close, refused after it, nothing else
            outcomes = s["outcomes"]
            expect = {k: outcomes.get(k, 0) for k in ("ok", "closed") if outcomes.get(k, 0)}
            exact = chk["exact"] and s["same_after_close"] and sum(expect.values()) == PHONES
        else:
            exact = chk["exact"]
        exact = exact and s["outcomes"] == expect
        within = s["seconds"] <= (SPREAD_SECONDS + 1 if step == "spread" else 10)
        good = good and exact and within
        say(
            f"{step:<8} {sum(s['outcomes'].values()):>7} {s['seconds']:>8.2f}"
            f" {lat['p50'] * 1000:>8.1f} {lat['p95'] * 1000:>8.1f} {lat['max'] * 1000:>8.1f}"
            f" {svc['p50'] * 1000:>8.1f} {svc['p95'] * 1000:>8.1f}"
            f"  {json.dumps(s['outcomes'])}; {chk['votes']:,}/{chk['expected_votes']:,}"
            f" votes in {chk['ballots']} ballots, {'exact' if exact else 'MISMATCH'}"
            + (
                ""
                if "same_after_close" not in s
                else f", tally {'unchanged' if s['same_after_close'] else 'CHANGED'} after the close"
            )
        )
    polls = r["burst"]["tally_polls"]
    say(
        f"live tally during the burst: {polls['count']} reads, p50 {polls['p50'] * 1000:.1f} ms,"
        f" p95 {polls['p95'] * 1000:.1f} ms, max {polls['max'] * 1000:.1f} ms"
    )
    say(f"result: {'PASS' if good else 'FAIL'}")
    say("")
    return good


def main(args: argparse.Namespace) -> int:
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    say(
        f"# Sijeong plenary vote benchmark ({time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)"
    )
    say("")
    say(
        f"{PHONES} phones × {VOTES} votes = {PHONES * VOTES:,} votes on {PROPOSALS} proposals. Latency = what a"
    )
    say(
        "phone waits from sending to the answer (queueing included); svc = the ballot transaction alone."
    )
    say("")
    good = True
    with tempfile.TemporaryDirectory() as tmp:
        good &= report(
            "SQLite (file, WAL)", run_backend(f"sqlite:///{tmp}/vote.sqlite3", args.workers), say
        )
    if args.postgres == "auto":
        import dev

        bindir = dev.ensure_postgres()
        if bindir is None:
            say("PostgreSQL: skipped (no server binaries)")
        else:
            with dev.ThrowAwayCluster(bindir) as url:
                host = url.split("host=")[1].split("&")[0]
                port = url.split("port=")[1]
                createdb = [str(bindir / "createdb"), "-h", host, "-p", port, "-U", "postgres"]
                subprocess.run([*createdb, "sijeong"], check=True)
                r = run_backend(url, args.workers)
                good &= report("PostgreSQL 15 (throw-away cluster, fsync off)", r, say)
    elif args.postgres:
        good &= report("PostgreSQL", run_backend(args.postgres, args.workers), say)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")
    return 0 if good else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--postgres",
        help="DATABASE_URL of an empty PostgreSQL database, or 'auto' for a throw-away cluster "
        "(Debian's PostgreSQL 15, as dev.py test starts it)",
    )
    parser.add_argument("--workers", type=int, default=32, help="request threads (app server size)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "voting.txt"))
    parser.add_argument("--worker", metavar="JSON_OUT", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.worker:
        Path(ARGS.worker).write_text(json.dumps(worker(ARGS.workers)), encoding="utf-8")
        sys.exit(0)
    sys.exit(main(ARGS))
