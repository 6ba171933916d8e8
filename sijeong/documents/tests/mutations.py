"""Mutated documents for fuzzing the intake (readers → parsers → import).

Shared by the fast test (test_fuzz.py, a few hundred examples) and benchmarks/fuzz_parsers.py
(≥ 10,000). A mutated document must end in one of three ways: it is imported; it is refused at
parse time with a :class:`ParseError`; or it is refused at import with a :class:`DomainError`.
Both refusals carry a Korean message, and a refused import leaves exactly one failed import run
behind and nothing else. Anything else is a crash, a hang or a partial write.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "examples").glob("0*.txt"))
# The municipality each seed belongs to (as the demo imports them).
CITY_OF = {"000": "paju", "001": "paju", "002": "jeonju", "003": "seoul", "004": "seoul"}
HANGUL = re.compile(r"[가-힣]")
SECONDS_PER_DOCUMENT = 20  # of CPU time

JUNK = (
    "\x00\x01\x07\x1b\x7f\u0085\u00a0\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202e\ufeff"
    "\ufffd\uffff\U0001f600\U0001f4a9\U00010000ℵ∞½⅓①㉑㈜㎞ＡＢ１２３|-■□▶※【】『』'\"<>&%{}[]\\"
    "가힣ㄱㅎᄀ\u3000\u115f\ufe0f"
)
HUGE = (
    "9" * 40,
    "-" + "9" * 25,
    "1" + "0" * 30,
    "1e308",
    "-1e309",
    "NaN",
    "∞",
    "99999999999999999999억원",
    "18446744073709551616",
    "0.0000000000000000000001",
    "2147483648",
    "9999",
    "0",
    "-1",
)


@st.composite
def mutation(draw: st.DrawFn, size: int) -> tuple[Any, ...]:
    kind = draw(
        st.sampled_from(
            ["flip", "truncate", "shuffle", "junk", "huge", "delete_lines", "duplicate_lines"]
        )
    )
    at = draw(st.integers(0, max(size - 1, 0)))
    if kind == "flip":
        return ("flip", at, draw(st.integers(1, 255)))
    if kind == "truncate":
        return ("truncate", at)
    if kind in {"shuffle", "delete_lines", "duplicate_lines"}:
        return (kind, at, draw(st.integers(1, 40)), draw(st.integers(0, 2**32 - 1)))
    if kind == "junk":
        return ("junk", at, draw(st.text(alphabet=JUNK, min_size=1, max_size=30)))
    return ("huge", draw(st.integers(0, 10_000)), draw(st.sampled_from(HUGE)))


@st.composite
def mutated_document(draw: st.DrawFn) -> tuple[str, bytes, list[tuple[Any, ...]]]:
    """(seed file name, mutated bytes, the mutations applied)."""
    seed = draw(st.sampled_from(SEEDS))
    data = seed.read_bytes()
    steps = draw(st.lists(mutation(len(data)), min_size=1, max_size=4))
    for step in steps:
        data = apply(data, step)
    return seed.name, data, steps


_NUMBER = re.compile(rb"\d[\d,.]*")


def apply(data: bytes, step: tuple[Any, ...]) -> bytes:
    import random

    kind = step[0]
    if kind == "flip":
        at = min(step[1], len(data) - 1)
        if at < 0:
            return data
        return data[:at] + bytes([data[at] ^ step[2]]) + data[at + 1 :]
    if kind == "truncate":
        return data[: step[1]]
    if kind == "junk":
        at = min(step[1], len(data))
        return data[:at] + step[2].encode("utf-8", "surrogatepass") + data[at:]
    if kind == "huge":
        numbers = list(_NUMBER.finditer(data))
        if not numbers:
            return data
        m = numbers[step[1] % len(numbers)]
        return data[: m.start()] + step[2].encode() + data[m.end() :]
    lines = data.split(b"\n")
    at = min(step[1] * len(lines) // max(len(data), 1), len(lines))
    window = lines[at : at + step[2]]
    if kind == "shuffle":
        random.Random(step[3]).shuffle(window)
        lines[at : at + step[2]] = window
    elif kind == "delete_lines":
        del lines[at : at + step[2]]
    else:
        lines[at:at] = window
    return b"\n".join(lines)


@dataclass
class Tally:
    outcomes: Counter[str] = field(default_factory=Counter)
    by_seed: Counter[tuple[str, str]] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    bytes_total: int = 0
    # Row counts before an import: every import is rolled back, so they are the same for all.
    baseline: dict[str, int] | None = None
    last_message: str = ""

    @property
    def documents(self) -> int:
        return sum(self.outcomes.values())

    @property
    def bad(self) -> int:
        return sum(n for k, n in self.outcomes.items() if k in BAD)


BAD = {"crash at parse", "crash at import", "hang", "unclear refusal", "partial write"}


class _Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise _Hang after ``seconds`` of this process's CPU time (user + system), so that other
    work on the machine cannot make a document look hung."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGPROF, on_alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def cities() -> dict[str, Any]:
    """The three municipalities of the seeds with their 8th term, created when missing."""
    from sijeong.core.models import Municipality
    from sijeong.core.services import municipality_create, org_unit_create, term_create

    spec = {
        "paju": ("파주시", "si", "41480"),
        "jeonju": ("전주시", "si", "45110"),
        "seoul": ("서울특별시", "sido", "11000"),
    }
    out: dict[str, Any] = {}
    for slug, (name, kind, code) in spec.items():
        m = Municipality.objects.filter(slug=slug).first()
        if m is None:
            m = municipality_create(actor=None, name=name, kind=kind, code=code, slug=slug)
            term_create(
                actor=None,
                municipality=m,
                number=8,
                start=dt.date(2022, 7, 1),
                end=dt.date(2026, 6, 30),
            )
            if slug == "paju":
                org_unit_create(
                    actor=None,
                    municipality=m,
                    name="기획예산과",
                    kind="division",
                    is_coordinating_office=True,
                )
        out[slug] = m
    return out


def check(name: str, data: bytes, steps: list[tuple[Any, ...]], tally: Tally) -> str:
    """Parse and import one document inside a transaction that is rolled back afterwards;
    returns and tallies the outcome."""
    from django.db import transaction

    from sijeong.core.errors import DomainError
    from sijeong.documents.models import ImportRun, RunStatus
    from sijeong.documents.parsing.api import parse_bytes
    from sijeong.documents.parsing.findings import ParseError
    from sijeong.documents.services import document_import

    tally.bytes_total += len(data)
    outcome = ""
    detail = ""
    try:
        with time_limit(SECONDS_PER_DOCUMENT):
            try:
                document = parse_bytes(data, name)
            except ParseError as exc:
                clear = bool(HANGUL.search(exc.message))
                outcome = "refused at parse" if clear else "unclear refusal"
                detail = exc.message
            except _Hang:
                raise
            except Exception:
                outcome, detail = "crash at parse", traceback.format_exc(limit=-3)
            if not outcome:
                with transaction.atomic():
                    city = cities()[CITY_OF[name[:3]]]
                    if tally.baseline is None:
                        tally.baseline = row_counts()
                    before = tally.baseline
                    runs_before = before["documents.ImportRun"]
                    try:
                        document_import(actor=None, document=document, municipality=city)
                        outcome = "imported"
                    except DomainError as exc:
                        after = row_counts()
                        expected = dict(before)
                        expected["documents.ImportRun"] = runs_before + 1
                        last = ImportRun.objects.order_by("-pk").first()
                        failed = last is not None and last.status == RunStatus.FAILED
                        if after != expected or not failed:
                            diff = {
                                k: (before[k], after[k]) for k in after if after[k] != before[k]
                            }
                            outcome, detail = "partial write", f"{exc.message} {diff}"
                        elif not HANGUL.search(exc.message):
                            outcome, detail = "unclear refusal", exc.message
                        else:
                            outcome, detail = "refused at import", exc.message
                    except _Hang:
                        raise
                    except Exception:
                        outcome, detail = "crash at import", traceback.format_exc(limit=-3)
                    transaction.set_rollback(True)
    except _Hang:
        outcome = "hang"
        detail = f"more than {SECONDS_PER_DOCUMENT} s of CPU time"
    tally.outcomes[outcome] += 1
    tally.last_message = detail
    tally.by_seed[name[:3], outcome] += 1
    if outcome in BAD:
        problem = f"{outcome}: {name} {steps!r:.300}\n{detail}"
        print(problem, flush=True)
        if len(tally.problems) < 20:
            tally.problems.append(problem)
    return outcome
