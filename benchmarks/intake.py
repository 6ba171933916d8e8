"""Document intake benchmark: parse throughput and import time.

    .venv/bin/python benchmarks/intake.py [--postgres URL] [--out benchmarks/results/intake.txt]

1. Parse throughput (documents/s and MB/s) for the five seed documents and a generated
   1,000-card pledge book.
2. Cost is linear in input: generated pledge books of 10, 100 and 1,000 cards (1×, 10×, 100×).
3. The NEC 8th-local winners' pledges (1,248 pledges, ../shared/data/nec): parse and import into
   SQLite and, given --postgres, into PostgreSQL. Goal: ≤ 10 s each. Skipped when the data is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NEC = ROOT.parent / "shared" / "data" / "nec" / "8th-local-2022.json"

CARD = """{title}

| 사업형태 | 사업주체 | 이행완료 | 예산구분 | 중앙정부 협조 | 이행단계 |
|---|---|---|---|---|---|
| ■신규 □계속 | □국가·도 ■가람 □기타 | ■임기내 □임기후 | ■예산 □비예산 | ■불요 □제도 □재정 □권한 | □검토 ■추진 □완료 □불가 |

사업목표

- ▶ {title} 목표 달성

공약달성목표

| 달성연도 | 달성목표 |
|---|---|
| 2024 | {title} 완료 |

1 사업개요

- 사업비: {total_eok}억원(시비)

2 추진계획

| 연도별 | 2022. | 2023. | 2024. | 2025. | 2026. 6. | 임기후 |
|---|---|---|---|---|---|---|
| 목표 | 계획 수립 | 착수 | 완료 | - | - | |

3 연도별 투자계획

(단위: 백만원)

| 구분 | 총사업비 | 기투자 | '22년 | '23년 | '24년 | '25년 | '26년 |
|---|---|---|---|---|---|---|---|
| 계 | {total:,} | | {a:,} | {b:,} | {c:,} | | |
| 국비 | | | | | | | |
| 시비 | {total:,} | | {a:,} | {b:,} | {c:,} | | |

4 추진현황

- '22. 7. 기본계획 수립
- '22. 9. ~ '22. 12. 실시설계 용역
"""


def pledge_book(cards: int) -> bytes:
    """A pledge book of ``cards`` cards in categories of 20, like a city's real book."""
    parts = ["가람시 민선8기 공약실천계획서\n"]
    for c in range(0, cards, 20):
        cat = c // 20 + 1
        n = min(20, cards - c)
        parts.append(
            f"\n함께 사는 가람\n\n-분야 {cat}-\n\n| 관리번호 | 공약명 | 담당부서 |\n|---|---|---|\n"
        )
        for i in range(1, n + 1):
            parts.append(f"| [{cat}-{i}] | 가람 공약 {cat}-{i} | 기 획 예 산 과 |\n")
        for i in range(1, n + 1):
            a, b, c3 = 10 * i, 20 * i, 30 * i
            total = a + b + c3
            parts.append(
                "\n"
                + CARD.format(
                    title=f"가람 공약 {cat}-{i}", total=total, a=a, b=b, c=c3, total_eok=total / 100
                )
            )
    return "".join(parts).encode("utf-8")


def timed(fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--postgres",
        help="DATABASE_URL of an empty PostgreSQL database, or 'auto' for a throw-away cluster "
        "(Debian's PostgreSQL 15, as dev.py test starts it)",
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "intake.txt"))
    args = parser.parse_args()
    os.environ.setdefault("SIJEONG_DEBUG", "1")
    from sijeong.documents.parsing.api import parse_bytes  # framework-free

    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    say(
        f"# Sijeong intake benchmark ({time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)"
    )
    say("")
    say("## 1. Parse throughput (best of 3)")
    say(f"{'document':<40} {'bytes':>10} {'seconds':>9} {'docs/s':>9} {'MB/s':>7} {'findings':>9}")
    for path in sorted((ROOT / "examples").glob("*.txt")):
        data = path.read_bytes()
        t, doc = timed(lambda d=data, n=path.name: parse_bytes(d, n), repeat=3)
        say(
            f"{path.name:<40} {len(data):>10,} {t:>9.4f} {1 / t:>9.1f} {len(data) / t / 1e6:>7.2f} {len(doc['findings']):>9}"
        )
    book = pledge_book(1000)
    t, doc = timed(lambda: parse_bytes(book, "generated-1000.txt"), repeat=3)
    pledges = sum(len(c["pledges"]) for c in doc["categories"])
    say(
        f"{'generated pledge book, 1,000 cards':<40} {len(book):>10,} {t:>9.4f} {1 / t:>9.1f} {len(book) / t / 1e6:>7.2f} {len(doc['findings']):>9}"
    )
    assert pledges == 1000, pledges
    say("")
    say("## 2. Linearity: generated pledge books")
    say(f"{'cards':>6} {'bytes':>10} {'seconds':>9} {'µs/byte':>8} {'s/card (ms)':>12}")
    base = None
    for cards in (10, 100, 1000):
        data = pledge_book(cards)
        t, _ = timed(lambda d=data: parse_bytes(d, "g.txt"), repeat=3)
        per = t / len(data) * 1e6
        base = base or per
        say(
            f"{cards:>6} {len(data):>10,} {t:>9.4f} {per:>8.3f} {t / cards * 1000:>12.3f}   ({per / base:.2f}× the 10-card cost per byte)"
        )
    say("")
    say("## 3. NEC 8th-local winners' pledges: parse and import")
    if not NEC.exists():
        say("skipped: ../shared/data/nec/8th-local-2022.json is absent")
    else:
        data = NEC.read_bytes()
        t, doc = timed(lambda: parse_bytes(data, NEC.name), repeat=3)
        n = sum(len(p["pledges"]) for p in doc["people"])
        say(
            f"parse: {len(doc['people'])} people, {n:,} pledges, {len(data):,} bytes in {t:.3f} s ({len(data) / t / 1e6:.1f} MB/s)"
        )
        say(f"import into SQLite: {import_nec(None, doc):.2f} s (goal ≤ 10 s)")
        if args.postgres == "auto":
            import dev

            bindir = dev.ensure_postgres()
            if bindir is None:
                say("PostgreSQL: skipped (no server binaries)")
            else:
                with dev.ThrowAwayCluster(bindir) as url:
                    cluster = url.split("host=")[1].split("&")[0]
                    port = url.split("port=")[1]
                    create = [
                        str(bindir / "createdb"),
                        "-h",
                        cluster,
                        "-p",
                        port,
                        "-U",
                        "postgres",
                        "sijeong",
                    ]
                    import subprocess

                    subprocess.run(create, check=True)
                    seconds = import_nec(url, doc)
                    say(
                        f"import into PostgreSQL 15 (throw-away cluster, fsync off): {seconds:.2f} s (goal ≤ 10 s)"
                    )
        elif args.postgres:
            say(f"import into PostgreSQL: {import_nec(args.postgres, doc):.2f} s (goal ≤ 10 s)")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")
    return 0


def import_nec(url: str | None, doc: dict) -> float:  # type: ignore[type-arg]
    """Migrate a fresh database in a subprocess-free way and time the import alone."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env["DATABASE_URL"] = url or f"sqlite:///{tmp}/bench.sqlite3"
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True
        )
        code = (
            "import json,sys,time,django,os;"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings');django.setup();"
            "from sijeong.documents.services import document_import;"
            "from sijeong.documents.models import ElectionPledge;"
            "doc=json.load(sys.stdin);t=time.perf_counter();"
            "run=document_import(actor=None,document=doc,municipality=None);"
            "dt=time.perf_counter()-t;assert ElectionPledge.objects.count()==sum(len(p['pledges']) for p in doc['people']);"
            "print(dt)"
        )
        import json

        out = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            input=json.dumps(doc),
            capture_output=True,
            text=True,
            check=True,
        )
        return float(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
