"""Fuzzing the document intake: mutated documents through parse and import.

    .venv/bin/python benchmarks/fuzz_parsers.py [--examples 10000] [--out benchmarks/results/fuzz_parsers.txt]

Hypothesis draws mutations of the five seeds in examples/ (byte flips, truncations, line
shuffles, deleted and duplicated lines, unicode junk, huge numbers; one to four each), and every
mutated document is parsed and imported into a throw-away SQLite database, each import inside a
transaction rolled back afterwards so that every document meets the same database.

Counted: crashes (any exception other than ParseError or DomainError), refusals without a Korean
message, hangs (over 20 s of CPU time for one document) and partial writes (a refused import
that changed any row count other than its one failed import run). Goal: all four are 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument(
        "--database",
        choices=["memory", "file"],
        default="memory",
        help="the throw-away SQLite database: in memory (default) or a temporary file",
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "fuzz_parsers.txt"))
    args = parser.parse_args()
    parser_db = args.database
    if parser_db == "file":
        tmp = tempfile.mkdtemp(prefix="sijeong-fuzz-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/fuzz.sqlite3"
    else:  # one process, one connection: an in-memory database migrated in place
        os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("SIJEONG_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from hypothesis import HealthCheck, given, seed, settings

    from sijeong.documents.tests.mutations import (
        BAD,
        SECONDS_PER_DOCUMENT,
        SEEDS,
        Tally,
        check,
        cities,
        mutated_document,
    )

    call_command("migrate", verbosity=0)
    cities()
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    say(
        f"# Sijeong parser fuzzing ({time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, hypothesis seed {args.seed}, SQLite {args.database})"
    )
    say("")
    baseline = Tally()
    for path in SEEDS:
        outcome = check(path.name, path.read_bytes(), [], baseline)
        say(f"seed {path.name}: {outcome}")
    tally = Tally()
    started = time.perf_counter()

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated_document())
    def one(case: tuple[str, bytes, list[tuple[Any, ...]]]) -> None:
        check(*case, tally)
        if tally.documents % 500 == 0:
            print(
                f"  {tally.documents:,} documents, {time.perf_counter() - started:.0f} s, "
                f"bad {tally.bad}",
                flush=True,
            )

    one()
    seconds = time.perf_counter() - started
    say("")
    say(
        f"{tally.documents:,} mutated documents ({tally.bytes_total / 1e6:.1f} MB) in {seconds:.0f} s "
        f"({tally.documents / seconds:.1f} documents/s); at most {SECONDS_PER_DOCUMENT} s of CPU time each"
    )
    say("")
    order = ["imported", "refused at parse", "refused at import", *sorted(BAD)]
    seeds = sorted({s for s, _ in tally.by_seed})
    say(f"{'outcome':<20} {'total':>7} " + " ".join(f"{s:>6}" for s in seeds))
    for outcome in order:
        say(
            f"{outcome:<20} {tally.outcomes[outcome]:>7,} "
            + " ".join(f"{tally.by_seed[s, outcome]:>6,}" for s in seeds)
        )
    say("")
    crashes = sum(tally.outcomes[k] for k in ("crash at parse", "crash at import", "hang"))
    say(f"crashes other than the clear error: {crashes} (goal 0)")
    say(f"refusals without a Korean message: {tally.outcomes['unclear refusal']} (goal 0)")
    say(f"partial writes: {tally.outcomes['partial write']} (goal 0)")
    ok = tally.bad == 0 and tally.documents >= args.examples
    say(f"result: {'PASS' if ok else 'FAIL'}")
    for problem in tally.problems:
        say("")
        say(problem)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
