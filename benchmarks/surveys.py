"""Survey benchmark: raking 100,000 responses to 3 margins and the weighted cross-tab, ours
against a straightforward pandas implementation, in the same run.

    .venv/bin/python benchmarks/surveys.py [--n 100000] [--repeat 3] [--page-repeat 3]
        [--db sqlite,postgres|sqlite|none] [--out benchmarks/results/surveys.md]

1. Data: ``--n`` responses from a seeded generator (numpy PCG64, seed 20261124): gender (2),
   age band (6) and district (10) drawn with a skew (the sample leans female and older, the
   districts unevenly), and one single-choice answer of 5 options that depends on age band.
   Population margins: the 19+ shares the demo uses for 파주시 (500,000 people).
2. Raking: ours is :func:`sijeong.surveys.weighting.rake` (weightipy 0.4.2's RIM loop plus our
   checks: unknown categories, empty cells, every margin met to 1e-4). The peer is iterative
   proportional fitting written plainly in pandas (groupby-sum per dimension, map the factor,
   until the largest weight change is below 1e-10). Reported: best and median wall time of
   ``--repeat`` runs, peak memory, and the largest absolute difference between the two weight
   vectors (both scaled to mean 1).
3. Cross-tab: the 5-option answer by gender, age band and district with weighted row
   percentages, n, n_eff and 95 % MoE per cell. Ours is :func:`sijeong.surveys.stats.crosstab`
   (weighted counts per group with numpy.bincount); the peer is pandas groupby/unstack. Reported: time, peak memory and the
   largest difference in any cell's percentage.

4. The results page on ``--n`` weighted responses stored in a database: for each of ``--db``
   (SQLite in a temporary file; PostgreSQL in a throw-away cluster, ``dev.ThrowAwayCluster``, when
   its server programs are installed) a fresh database is migrated with ``manage.py migrate`` in
   a subprocess, and a child process of this script (``SIJEONG_DEBUG=0``) writes one published
   survey with the demo's kinds of questions (single choice, a conditional single choice,
   multiple choice, a scale) and ``--n`` responses (seeded; COPY on PostgreSQL, executemany on
   SQLite) with weights raked by ``weighting.rake``, and then measures the page
   ``/<municipality>/surveys/<pk>/`` through ``django.test.Client`` with the public cache cleared
   before every request, the same work in parts (``selectors.results_get``, ``load_frame``, the
   computation, the page with the results precomputed), and the pandas peer: ``pandas.read_sql``
   of the same tables and the same figures in pandas. Every figure on the page (option %, MoE,
   응답 기준 %, the scale mean, every cross-tab cell) is compared with the peer's.

Memory is measured with ``tracemalloc`` (peak of Python and numpy allocations during one run of
the function, in a separate run from the timing so that tracing does not slow the timed runs);
it does not count memory pandas' C extensions allocate outside the Python allocator.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sijeong.surveys import stats  # noqa: E402
from sijeong.surveys.weighting import rake  # noqa: E402

SEED = 20261124
GENDERS = ["M", "F"]
AGES = ["19-29", "30-39", "40-49", "50-59", "60-69", "70+"]
DISTRICTS = [
    "운정1동",
    "운정2동",
    "운정3동",
    "교하동",
    "금촌1동",
    "금촌2동",
    "문산읍",
    "조리읍",
    "파주읍",
    "탄현면",
]
MARGINS = {
    "gender": {"M": 250_000, "F": 250_000},
    "age_band": dict(zip(AGES, [80_000, 85_000, 100_000, 95_000, 80_000, 60_000], strict=True)),
    "district": dict(
        zip(
            DISTRICTS,
            [60_000, 55_000, 70_000, 50_000, 40_000, 35_000, 45_000, 40_000, 25_000, 80_000],
            strict=True,
        )
    ),
}
K = 5


def generate(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    gender = rng.choice(GENDERS, size=n, p=[0.44, 0.56])
    age_idx = rng.choice(len(AGES), size=n, p=[0.10, 0.13, 0.18, 0.21, 0.21, 0.17])
    district = rng.choice(
        DISTRICTS, size=n, p=[0.08, 0.09, 0.12, 0.12, 0.1, 0.1, 0.1, 0.1, 0.09, 0.1]
    )
    # the answer leans on age band: younger respondents pick the later options more often
    base = rng.random(n) + (5 - age_idx) * 0.06
    answer = np.minimum((base * K).astype(np.int64), K - 1)
    return pd.DataFrame(
        {
            "gender": gender,
            "age_band": np.array(AGES)[age_idx],
            "district": district,
            "answer": answer,
        }
    )


# --- the peers ---------------------------------------------------------------------------------


def rake_pandas(
    df: pd.DataFrame, margins: dict[str, dict[str, int]], max_iter: int = 1000
) -> np.ndarray:
    """Iterative proportional fitting, written plainly in pandas."""
    n = len(df)
    w = pd.Series(1.0, index=df.index)
    targets = {
        dim: pd.Series(cells, dtype=float) / sum(cells.values()) * n
        for dim, cells in margins.items()
    }
    for _ in range(max_iter):
        old = w.copy()
        for dim, target in targets.items():
            current = w.groupby(df[dim]).sum()
            w = w * df[dim].map(target / current).astype(float)
        if (w - old).abs().max() < 1e-10:
            break
    return (w * n / w.sum()).to_numpy()


def crosstab_pandas(df: pd.DataFrame, w: np.ndarray) -> dict[str, pd.DataFrame]:
    frame = df.assign(w=w, w2=w * w)
    out = {}
    for dim in ("gender", "age_band", "district"):
        g = frame.groupby(dim)
        totals = g["w"].sum()
        n_eff = totals**2 / g["w2"].sum()
        pct = frame.groupby([dim, "answer"])["w"].sum().unstack(fill_value=0.0).div(totals, axis=0)
        pct = pct.reindex(columns=range(K), fill_value=0.0)
        moe = 1.96 * np.sqrt(pct * (1 - pct)).div(np.sqrt(n_eff), axis=0)
        table = (pct * 100).add_prefix("pct_").join((moe * 100).add_prefix("moe_"))
        table["n"] = g.size()
        table["n_eff"] = n_eff
        out[dim] = table
    return out


# --- ours ---------------------------------------------------------------------------------------


def rake_ours(df: pd.DataFrame) -> np.ndarray:
    cols = {dim: df[dim].tolist() for dim in MARGINS}
    return rake(cols, MARGINS).weights


def crosstab_ours(df: pd.DataFrame, w: np.ndarray) -> dict[str, list[stats.CrossRow]]:
    chosen = df["answer"].to_numpy()[:, None] == np.arange(K)[None, :]
    out = {}
    for dim in ("gender", "age_band", "district"):
        groups = df[dim].tolist()
        order = sorted(set(groups))
        out[dim] = stats.crosstab(chosen, w, groups, order)
    return out


# --- measuring ----------------------------------------------------------------------------------


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float, float]:
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, min(times), statistics.median(times)


def peak_mib(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


# --- the results page on a database ------------------------------------------------------------

SECRET_KEY = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PAGE_SEED = SEED + 1
Q1_LABELS = ["매우 잘하고 있다", "대체로 잘하고 있다", "대체로 못하고 있다", "매우 못하고 있다"]
Q1_OPTIONS = [(str(i + 1), label) for i, label in enumerate(Q1_LABELS)] + [("9", "잘 모르겠다")]
Q2_OPTIONS = [("1", "시민과의 소통"), ("2", "교통 개선"), ("3", "복지 확대"), ("4", "기타")]
Q3_OPTIONS = [
    ("1", "교통"),
    ("2", "주거"),
    ("3", "일자리·경제"),
    ("4", "환경"),
    ("5", "복지"),
    ("6", "교육·보육"),
]
Q3_P = np.array([0.55, 0.35, 0.40, 0.25, 0.30, 0.28])
DIMS = ("gender", "age_band", "district")


def generate_survey(n: int) -> dict[str, np.ndarray]:
    """The demo's questionnaire at scale: Q1 single choice (5), Q2 single choice asked only when
    Q1 is 1 or 2 (4), Q3 multiple choice of up to 3 fields (6), Q4 a 1–5 scale. Opinions lean on
    age band and district; the sample leans female and older."""
    rng = np.random.default_rng(PAGE_SEED)
    gender = rng.choice(GENDERS, size=n, p=[0.44, 0.56])
    age_idx = rng.choice(len(AGES), size=n, p=[0.10, 0.13, 0.18, 0.21, 0.21, 0.17])
    dist_idx = rng.choice(
        len(DISTRICTS), size=n, p=[0.08, 0.09, 0.12, 0.12, 0.1, 0.1, 0.1, 0.1, 0.09, 0.1]
    )
    age_shift = np.array([-0.12, -0.06, 0.0, 0.03, 0.08, 0.12])[age_idx]
    district_shift = (dist_idx % 5 - 2) * 0.03
    positive = np.clip(0.55 + age_shift + district_shift, 0.05, 0.95)
    u, v, x = rng.random(n), rng.random(n), rng.random(n)
    q1 = np.where(v < positive, np.where(x < 0.3, 0, 1), np.where(x < 0.3, 3, 2))
    q1 = np.where(u < 0.05, 4, q1)  # 잘 모르겠다
    q2 = np.where(q1 <= 1, rng.choice(4, size=n, p=[0.41, 0.27, 0.22, 0.10]), -1)
    picks = rng.random((n, len(Q3_OPTIONS))) < Q3_P
    picks &= np.cumsum(picks, axis=1) <= 3  # at most three
    none = ~picks.any(axis=1)
    picks[np.flatnonzero(none), rng.integers(len(Q3_OPTIONS), size=int(none.sum()))] = True
    base = np.where(q1 <= 1, 4, np.where(q1 <= 3, 2, 3))
    q4 = np.clip(base + rng.integers(-1, 2, size=n), 1, 5)
    keys = np.array([f"{a:016x}{b:016x}" for a, b in rng.integers(0, 2**63, size=(n, 2))])
    assert len(np.unique(keys)) == n
    return {
        "key": keys,
        "gender": gender,
        "age_band": np.array(AGES)[age_idx],
        "district": np.array(DISTRICTS)[dist_idx],
        "q1": q1,
        "q2": q2,
        "q3": picks,
        "q4": q4,
    }


def build_survey(n: int) -> tuple[Any, Any, dict[str, float]]:
    """One published survey with ``n`` responses in the database (Django set up)."""
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from sijeong.core.models import Municipality
    from sijeong.surveys import services
    from sijeong.surveys.models import Answer, Response, Survey, SurveyStatus

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    data = generate_survey(n)
    timings["generate"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    city = Municipality.objects.create(name="벤치마크시", kind="si", code="99999", slug="bench")
    survey = services.survey_create(
        actor=None,
        municipality=city,
        title="벤치마크 시정평가 (예시 자료)",
        population="벤치마크시 거주 만 19세 이상",
        mode="phone",
        field_start=dt.date(2026, 9, 1),
        field_end=dt.date(2026, 9, 4),
        sample_target=n,
        is_sample_data=True,
        status=SurveyStatus.CLOSED,
    )
    q1 = services.question_create(
        actor=None,
        survey=survey,
        code="Q1",
        text="시정을 전반적으로 잘 운영하고 있다고 보십니까?",
        kind="single",
        options=Q1_OPTIONS,
    )
    q2 = services.question_create(
        actor=None,
        survey=survey,
        code="Q2",
        text="잘하고 있다고 보시는 가장 큰 이유는 무엇입니까?",
        kind="single",
        options=Q2_OPTIONS,
        condition_code="Q1",
        condition_options=["1", "2"],
    )
    q3 = services.question_create(
        actor=None,
        survey=survey,
        code="Q3",
        text="가장 시급하게 해결해야 할 분야를 모두 고르세요 (최대 3개, 복수응답).",
        kind="multiple",
        options=Q3_OPTIONS,
    )
    q4 = services.question_create(
        actor=None,
        survey=survey,
        code="Q4",
        text="이 도시에 사는 것에 얼마나 만족하십니까?",
        kind="scale",
        scale_min=1,
        scale_max=5,
        scale_min_label="매우 불만족",
        scale_max_label="매우 만족",
    )
    services.margins_set(actor=None, survey=survey, margins=MARGINS)
    ids = {
        q.code: list(q.options.order_by("order").values_list("pk", flat=True)) for q in (q1, q2, q3)
    }
    timings["questionnaire"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    quote = connection.ops.quote_name

    def insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]], cur: Any) -> None:
        """COPY on PostgreSQL, executemany in batches of 20,000 on SQLite."""
        target = f"{quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
        if connection.vendor == "postgresql":
            # COPY text format, built here: the values hold no tab, newline or backslash
            with cur.copy(f"COPY {target} FROM STDIN") as copy:
                for start in range(0, len(rows), 20_000):
                    copy.write(
                        "".join(
                            "\t".join("\\N" if v is None else str(v) for v in row) + "\n"
                            for row in rows[start : start + 20_000]
                        )
                    )
            return
        sql = f"INSERT INTO {target} VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), 20_000):
            cur.executemany(sql, rows[start : start + 20_000])

    keys = data["key"].tolist()
    day = dt.date(2026, 9, 2)
    columns = {dim: data[dim].tolist() for dim in DIMS}
    # the weights: our raking (what services.weights_compute runs), stored with the rows
    t1 = time.perf_counter()
    report = rake(columns, MARGINS)
    timings["rake"] = time.perf_counter() - t1
    timings["n_eff"] = report.n_eff
    responses = [
        (k, survey.pk, g, a, d, "phone", "import", w, day)
        for k, g, a, d, w in zip(
            keys,
            columns["gender"],
            columns["age_band"],
            columns["district"],
            report.weights.tolist(),
            strict=True,
        )
    ]
    answers: list[tuple[Any, ...]] = []
    for k, o in zip(keys, data["q1"].tolist(), strict=True):
        answers.append((k, q1.pk, ids["Q1"][o], None, ""))
    for k, o in zip(keys, data["q2"].tolist(), strict=True):
        if o >= 0:
            answers.append((k, q2.pk, ids["Q2"][o], None, ""))
    rows_, cols_ = np.nonzero(data["q3"])
    for r, c in zip(rows_.tolist(), cols_.tolist(), strict=True):
        answers.append((keys[r], q3.pk, ids["Q3"][c], None, ""))
    for k, v in zip(keys, data["q4"].tolist(), strict=True):
        answers.append((k, q4.pk, None, v, ""))
    with transaction.atomic(), connection.cursor() as cur:
        insert(
            Response,
            [
                "key",
                "survey_id",
                "gender",
                "age_band",
                "district",
                "mode",
                "source",
                "weight",
                "submitted_on",
            ],
            responses,
            cur,
        )
        insert(Answer, ["response_id", "question_id", "option_id", "number", "text"], answers, cur)
        Survey.objects.filter(pk=survey.pk).update(
            weighted_at=timezone.now(),
            weighting_note=(
                f"성별·연령대·지역 모집단 분포에 맞춘 레이킹(반복비례조정) 가중, 반복 "
                f"{report.iterations}회, 가중치 {report.min_weight:.2f}~{report.max_weight:.2f}, "
                f"유효표본 {report.n_eff:,.1f}명"
            ),
        )
    timings["write"] = time.perf_counter() - t0 - timings["rake"]
    timings["answers"] = len(answers)
    survey.refresh_from_db()
    services.survey_set_status(actor=None, survey=survey, status=SurveyStatus.PUBLISHED)
    return city, survey, timings


# the pandas peer: read the same tables, compute the same figures plainly


def peer_load(con: Any, survey_id: int, ph: str) -> tuple[pd.DataFrame, ...]:
    def read(sql: str) -> pd.DataFrame:
        return pd.read_sql(sql, con, params=[survey_id])

    responses = read(
        f'SELECT "key", gender, age_band, district, weight FROM surveys_response '
        f"WHERE survey_id = {ph}"
    )
    answers = read(
        'SELECT a.response_id AS "key", a.question_id, a.option_id, a.number '
        'FROM surveys_answer a JOIN surveys_response r ON r."key" = a.response_id '
        f"WHERE r.survey_id = {ph}"
    )
    questions = read(
        "SELECT id, code, kind, scale_min, scale_max FROM surveys_question "
        f'WHERE survey_id = {ph} ORDER BY "order"'
    )
    options = read(
        "SELECT o.id, o.question_id, o.code FROM surveys_option o "
        "JOIN surveys_question q ON q.id = o.question_id "
        f'WHERE q.survey_id = {ph} ORDER BY o.question_id, o."order"'
    )
    return responses, answers, questions, options


def _pct_moe(p: pd.Series | pd.DataFrame, n_eff: Any) -> dict[str, Any]:
    moe = 1.96 * np.sqrt(p * (1 - p))
    moe = moe.div(np.sqrt(n_eff), axis=0) if isinstance(p, pd.DataFrame) else moe / np.sqrt(n_eff)
    return {"pct": p * 100, "moe": moe * 100}


def peer_compute(
    responses: pd.DataFrame, answers: pd.DataFrame, questions: pd.DataFrame, options: pd.DataFrame
) -> dict[tuple[str, str], Any]:
    w = responses["weight"].astype(float)
    if w.isna().any():
        w = pd.Series(1.0, index=responses.index)
    resp = responses.assign(w=w).set_index("key")
    data = answers.join(resp, on="key")
    data["w2"] = data["w"] ** 2
    out: dict[tuple[str, str], Any] = {}
    for q in questions.itertuples():
        a = data[data["question_id"] == q.id]
        if q.kind == "scale":
            total = a["w"].sum()
            n_eff = total**2 / a["w2"].sum()
            mean = (a["w"] * a["number"]).sum() / total
            var = (a["w"] * (a["number"] - mean) ** 2).sum() / total
            out[(q.code, "mean")] = (mean, 1.96 * np.sqrt(var / n_eff))
            values = range(int(q.scale_min), int(q.scale_max) + 1)
            p = a.groupby("number")["w"].sum().reindex(values, fill_value=0.0) / total
            p.index = [str(v) for v in values]
            out[(q.code, "share")] = _pct_moe(p, n_eff)
            continue
        codes = options[options["question_id"] == q.id].set_index("id")["code"]
        a = a.assign(code=a["option_id"].map(codes))
        who = a.drop_duplicates("key")  # one row per respondent who answered
        total = who["w"].sum()
        n_eff = total**2 / who["w2"].sum()
        per_option = a.groupby("code")["w"].sum().reindex(codes.values, fill_value=0.0)
        out[(q.code, "share")] = _pct_moe(per_option / total, n_eff)
        if q.kind == "multiple":
            answers_total = a["w"].sum()
            n_eff_answers = answers_total**2 / a["w2"].sum()
            out[(q.code, "by_answers")] = _pct_moe(per_option / answers_total, n_eff_answers)
        for dim in DIMS:
            g = who.groupby(dim)
            group_total = g["w"].sum()
            group_n_eff = group_total**2 / g["w2"].sum()
            hit = (
                a.groupby([dim, "code"])["w"]
                .sum()
                .unstack(fill_value=0.0)
                .reindex(columns=codes.values, fill_value=0.0)
            )
            out[(q.code, dim)] = _pct_moe(hit.div(group_total, axis=0), group_n_eff)
    return out


def compare(results: Any, peer: dict[tuple[str, str], Any]) -> tuple[float, int]:
    """Largest absolute difference between our page's figures and the peer's, and how many."""
    worst = 0.0
    count = 0

    def diff(ours: float, theirs: Any) -> None:
        nonlocal worst, count
        worst = max(worst, abs(ours - float(theirs)))
        count += 1

    for qr in results.questions:
        code = qr.question.code
        share = peer[(code, "share")]
        for o in qr.options:
            diff(o.share.pct, share["pct"][o.code])
            diff(o.share.moe_pct, share["moe"][o.code])
            if o.by_answers is not None:
                by = peer[(code, "by_answers")]
                diff(o.by_answers.pct, by["pct"][o.code])
                diff(o.by_answers.moe_pct, by["moe"][o.code])
        if qr.mean is not None:
            mean, moe = peer[(code, "mean")]
            diff(qr.mean.mean, mean)
            diff(qr.mean.moe, moe)
        for ct in qr.crosstabs:
            table = peer[(code, ct.dimension)]
            for _, row in ct.rows:
                for (ocode, _), cell in zip(ct.options, row.cells, strict=True):
                    diff(cell.pct, table["pct"].loc[row.group, ocode])
                    diff(cell.moe_pct, table["moe"].loc[row.group, ocode])
    return worst, count


def page_phase(n: int, repeat: int, out: str) -> None:
    """Runs in a child process whose DATABASE_URL names a migrated, empty database."""
    import warnings
    from unittest import mock

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from sijeong.surveys import selectors
    from sijeong.surveys.models import Option, Question
    from sijeong.surveys.results import load_frame, question_result

    result: dict[str, Any] = {"vendor": connection.vendor, "n": n, "repeat": repeat}
    city, survey, build = build_survey(n)
    result["build"] = build
    survey = selectors.survey_get(city, survey.pk)
    url = reverse("web:survey_detail", args=[city.slug, survey.pk])
    client = Client()

    def page() -> Any:
        cache.clear()  # the public cache must not answer
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code
        return response

    t0 = time.perf_counter()
    first = page()
    result["page_first"] = time.perf_counter() - t0
    html = first.content.decode("utf-8")
    assert "Q3. " in html and "응답자 기준" in html and "지역별 결과" in html
    result["page_bytes"] = len(first.content)
    result["charts"] = html.count("<svg")
    result["tables"] = html.count("<table")
    with CaptureQueriesContext(connection) as queries:
        page()
    result["page_queries"] = len(queries)

    def measure(name: str, fn: Callable[[], Any]) -> Any:
        walls, cpus = [], []
        value = None
        for _ in range(repeat):
            w0, c0 = time.perf_counter(), time.process_time()
            value = fn()
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        result[name] = {
            "best": min(walls),
            "median": statistics.median(walls),
            "cpu": statistics.median(cpus),
            "peak_mib": peak_mib(fn),
        }
        return value

    measure("page", page)
    client.get(url, secure=True)  # fill the cache once

    def cached() -> Any:
        response = client.get(url, secure=True)
        assert response.status_code == 200 and response.has_header("ETag")
        return response

    measure("page_cached", cached)
    results = measure("selector", lambda: selectors.results_get(survey))
    measure("load_frame", lambda: load_frame(survey))
    frame = load_frame(survey)
    questions = list(Question.objects.filter(survey=survey).order_by("order"))
    options = {q.pk: list(Option.objects.filter(question=q).order_by("order")) for q in questions}
    measure("compute", lambda: [question_result(frame, q, options[q.pk]) for q in questions])
    with mock.patch.object(selectors, "results_get", return_value=results):
        measure("render", page)

    connection.ensure_connection()
    con = connection.connection
    ph = "?" if connection.vendor == "sqlite" else "%s"
    warnings.filterwarnings("ignore", message=".*SQLAlchemy connectable.*")
    tables = measure("peer_load", lambda: peer_load(con, survey.pk, ph))
    measure("peer_compute", lambda: peer_compute(*tables))
    peer = measure("peer", lambda: peer_compute(*peer_load(con, survey.pk, ph)))
    result["max_diff"], result["compared"] = compare(results, peer)
    result["answers_read"] = len(tables[1])
    if connection.vendor == "sqlite":
        name = str(settings.DATABASES["default"]["NAME"])
        files = [f for f in (name, name + "-wal") if os.path.exists(f)]
        result["db_mib"] = sum(os.path.getsize(f) for f in files) / 2**20
        result["db_version"] = "SQLite " + sqlite3.sqlite_version
    else:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT pg_database_size(current_database()), current_setting('server_version')"
            )
            size, version = cur.fetchone()
        result["db_mib"] = size / 2**20
        result["db_version"] = f"PostgreSQL {version}"
    result["maxrss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def run_backend(backend: str, n: int, repeat: int, say: Callable[[str], None]) -> dict[str, Any]:
    """A throw-away database of ``backend`` (sqlite or postgres), migrated, then the page phase
    in a child process pointed at it."""
    workdir = Path(tempfile.mkdtemp(prefix="sijeong-survey-bench-"))
    out = workdir / "result.json"
    env = {
        **os.environ,
        "SIJEONG_DEBUG": "0",
        "SIJEONG_SECRET_KEY": SECRET_KEY,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("PYTEST_VERSION", None)

    def phase(url: str) -> dict[str, Any]:
        env["DATABASE_URL"] = url
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        migrate_s = time.perf_counter() - t0
        say(f"{backend}: migrated in {migrate_s:.1f} s; building {n:,} responses and measuring")
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--page-phase",
                str(out),
                "--n",
                str(n),
                "--page-repeat",
                str(repeat),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        result["migrate"] = migrate_s
        return result

    try:
        if backend == "sqlite":
            return phase(f"sqlite:///{workdir / 'bench.sqlite3'}")
        import dev

        bindir = dev.pg_bindir()
        if bindir is None:
            return {"skipped": "PostgreSQL 서버 프로그램(initdb)이 없어 건너뜀"}
        with dev.ThrowAwayCluster(bindir) as url:
            host = url.split("host=")[1].split("&")[0]
            port = url.split("port=")[1]
            subprocess.run(
                [str(bindir / "createdb"), "-h", host, "-p", port, "-U", "postgres", "sijeong"],
                check=True,
            )
            return phase(url)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


PAGE_NOTES = [
    "### Changes made from this benchmark",
    "",
    "Its first run on SQLite showed two slow reads, fixed in `sijeong/surveys` (figures identical "
    "before and after; best of 3 on 100,000 responses, SQLite, measured side by side once while "
    "writing this benchmark):",
    "",
    "- `selectors.surveys` / `survey_get`: the response count is a correlated subquery instead of "
    '`Count("responses")`, whose join and GROUP BY made SQLite sort every response row with all '
    "the survey's columns: the survey lookup of every survey page and API answer went from 398 ms "
    "to 16 ms;",
    "- `results.load_frame` reads the answers through the survey's questions (the question index) "
    "instead of joining every response (1,300 → 1,072 ms), and `_choice_matrix` / `_crosstabs` "
    "build their matrices and group labels with numpy instead of Python loops; together "
    "`selectors.results_get` went from 1,919 ms to 1,290 ms.",
    "",
    "Also changed after profiling with this script: `stats` uses plain sums instead of `np.dot` "
    "(on this shared 2-CPU machine the BLAS threads behind a dot product made 27 calls on "
    "100,000 weights take 0.2–0.4 s in some runs, where `(w * w).sum()` takes 1–2 ms), and "
    "`services.weights_compute` writes the weights with one UPDATE per cell of the margins "
    "instead of a row-by-row `bulk_update`, which took 36 s on SQLite and 41 s on PostgreSQL for "
    "100,000 responses. This benchmark writes the weights with the rows.",
    "",
    "Not measured: ranking and open-text questions (open answers go through the text engine on "
    "every uncached request), the JSON results API (it calls the same selector), concurrent "
    "requests through a real server, and the database server's own memory.",
    "",
]
WRITE_METHOD = {"sqlite": "executemany in batches of 20,000", "postgresql": "COPY"}
BACKEND_TITLES = {
    "sqlite": "SQLite (a temporary file)",
    "postgres": "PostgreSQL (a throw-away cluster, `dev.ThrowAwayCluster`)",
}


def page_method(n: int, repeat: int) -> list[str]:
    return [
        f"## The cross-tab results page on {n:,} weighted responses stored in a database",
        "",
        f"A throw-away database (migrated with `manage.py migrate`) holds one published survey with "
        f"the demo's kinds of questions and {n:,} responses from a seeded generator (seed "
        f"{PAGE_SEED}): Q1 single choice (5 options), Q2 single choice asked only when Q1 is 1 or 2 "
        "(4 options), Q3 multiple choice of up to 3 of 6 fields, Q4 a 1–5 scale; weights raked to "
        "the gender, age band and district margins above by `sijeong.surveys.weighting.rake` (the "
        "raking `services.weights_compute` runs) and written with the rows. The page "
        "shows each question's weighted % with 95 % MoE (multiple choice 응답자 기준 and 응답 기준, "
        "the scale's weighted mean) and, for the choice questions, cross-tabs by gender, age band "
        "and district (9 tables). Measured in a child process with `SIJEONG_DEBUG=0` (no query "
        "log). The first GET of the page is a warm-up (template compilation, matplotlib "
        "import); then, for every step:",
        "",
        f"- time: best and median wall time of {repeat} runs, and the median CPU time of this "
        "process (`time.process_time`: on this shared machine the wall time includes waiting for "
        "a CPU; the CPU time does not, but it leaves out the PostgreSQL server's work); memory: "
        "peak traced by `tracemalloc` in one "
        "further run (Python objects and numpy arrays, including the rows the database drivers "
        "hand back; not the database engine's own memory or buffers allocated outside the Python "
        "allocator);",
        "- ours, the page: `Client().get('/bench/surveys/<pk>/', secure=True)` (HTTPS, as the "
        "production settings require) with `cache.clear()` before "
        "every request, so the public cache (`sijeong.core.publiccache`) never answers: the whole "
        "middleware stack, the survey lookup, `selectors.results_get` (`load_frame`: the "
        "responses and answers through the ORM into arrays; `question_result` per question), "
        "4 matplotlib SVG charts and the template. Below it the same work in parts;",
        "- the pandas peer: `pandas.read_sql` of the same four tables through the same database "
        "connection, then the same percentages, MoE and cross-tabs written plainly with groupby / "
        "unstack. It renders no HTML, so it compares with the selector line, not the page line.",
        "",
    ]


def page_report(r: dict[str, Any]) -> list[str]:
    if "skipped" in r:
        return [f"Not run: {r['skipped']}.", ""]
    b = r["build"]

    def row(label: str, key: str) -> str:
        m = r[key]
        return (
            f"| {label} | {1000 * m['best']:,.1f} | {1000 * m['median']:,.1f} "
            f"| {1000 * m['cpu']:,.1f} | {m['peak_mib']:.1f} |"
        )

    return [
        f"{r['db_version']}; database {r['db_mib']:.0f} MiB after loading. Migrations {r['migrate']:.1f} s; "
        f"data generated in {b['generate']:.2f} s, {r['n']:,} responses and {int(b['answers']):,} answers "
        f"written in {b['write']:.1f} s ({WRITE_METHOD[r['vendor']]}, one transaction) with "
        f"their weights, raked beforehand by `weighting.rake` in {b['rake']:.2f} s (Kish n_eff "
        f"{b['n_eff']:,.1f}).",
        "",
        "| step | best (ms) | median (ms) | CPU median (ms) | peak memory (MiB) |",
        "|---|---:|---:|---:|---:|",
        row(
            "**ours: the results page**, GET through `django.test.Client`, public cache cleared",
            "page",
        ),
        row("  ↳ selector only: `selectors.results_get` (load + compute, no HTML)", "selector"),
        row("  ↳ load only: `results.load_frame` (responses + answers into arrays)", "load_frame"),
        row(
            "  ↳ compute only: `question_result` × 4 on a loaded frame (with cross-tabs)", "compute"
        ),
        row(
            "  ↳ page with the results precomputed (survey lookup, 4 SVG charts, template)",
            "render",
        ),
        row("ours: the same page answered from the public cache", "page_cached"),
        row("**pandas peer**: `read_sql` ×4 + the same figures in pandas (no HTML)", "peer"),
        row(
            "  ↳ load only: `pandas.read_sql` of responses, answers, questions, options",
            "peer_load",
        ),
        row("  ↳ compute only: groupby / unstack on the loaded frames", "peer_compute"),
        "",
        f"The page: {r['page_bytes'] / 1024:,.0f} KiB of HTML, {r['charts']} charts, {r['tables']} "
        f"tables, {r['page_queries']} SQL queries; the first GET in the process (template "
        f"compilation, matplotlib import) took {r['page_first']:.2f} s. {r['answers_read']:,} answer "
        f"rows read. Largest absolute difference between the page's figures and the pandas "
        f"peer's over {r['compared']:,} numbers (option %, MoE, 응답 기준 %, scale mean and MoE, "
        f"every cross-tab cell % and MoE): {r['max_diff']:.2e}. Ours against the peer, medians: "
        f"load + compute {r['selector']['median'] / r['peer']['median']:.2f}× the wall time "
        f"({r['selector']['cpu'] / r['peer']['cpu']:.2f}× the CPU time) and "
        f"{r['selector']['peak_mib'] / r['peer']['peak_mib']:.2f}× the peak memory; the whole page "
        f"{r['page']['median'] / r['peer']['median']:.2f}× the peer's time. Whole child process peak RSS "
        f"(`ru_maxrss`, includes building the data): {r['maxrss_mib']:,.0f} MiB.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/surveys.md"))
    parser.add_argument(
        "--db",
        default="sqlite,postgres",
        help="databases for the results-page phase, comma-separated (sqlite, postgres) or 'none'",
    )
    parser.add_argument("--page-repeat", type=int, default=3)
    parser.add_argument("--page-phase", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.page_phase:
        page_phase(args.n, args.page_repeat, args.page_phase)
        return
    started = time.perf_counter()
    load_start = os.getloadavg()[0]

    t0 = time.perf_counter()
    df = generate(args.n)
    gen_s = time.perf_counter() - t0

    w_ours, ours_best, ours_med = timed(lambda: rake_ours(df), args.repeat)
    w_pd, pd_best, pd_med = timed(lambda: rake_pandas(df, MARGINS), args.repeat)
    ours_mem = peak_mib(lambda: rake_ours(df))
    pd_mem = peak_mib(lambda: rake_pandas(df, MARGINS))
    max_w_diff = float(np.max(np.abs(w_ours - w_pd)))
    n_eff = stats.kish_n_eff(w_ours)

    ct_ours, ct_ours_best, ct_ours_med = timed(lambda: crosstab_ours(df, w_ours), args.repeat)
    ct_pd, ct_pd_best, ct_pd_med = timed(lambda: crosstab_pandas(df, w_ours), args.repeat)
    ct_ours_mem = peak_mib(lambda: crosstab_ours(df, w_ours))
    ct_pd_mem = peak_mib(lambda: crosstab_pandas(df, w_ours))
    max_ct_diff = 0.0
    for dim, rows in ct_ours.items():
        table = ct_pd[dim]
        for row in rows:
            for j, cell in enumerate(row.cells):
                max_ct_diff = max(
                    max_ct_diff, abs(cell.pct - float(table.loc[row.group, f"pct_{j}"]))
                )
                max_ct_diff = max(
                    max_ct_diff, abs(cell.moe_pct - float(table.loc[row.group, f"moe_{j}"]))
                )

    import weightipy

    lines = [
        "# Survey benchmark: raking and weighted cross-tabs",
        "",
        f"Run: `.venv/bin/python benchmarks/surveys.py --n {args.n} --repeat {args.repeat} "
        f"--page-repeat {args.page_repeat} --db {args.db}` "
        f"({time.strftime('%Y-%m-%d %H:%M %Z')})",
        "",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs (shared with other work while measured), "
        f"{platform.platform()}",
        f"- Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"weightipy {weightipy.__version__}",
        f"- Data: {args.n:,} responses, seed {SEED}, generated in {gen_s:.2f} s; margins gender 2, "
        f"age band 6, district 10 (population 500,000)",
        "- Time: best and median of the runs (time.perf_counter). Memory: peak traced by "
        "`tracemalloc` in a separate run (Python + numpy allocations; pandas' internal C buffers "
        "outside the Python allocator are not counted).",
        "",
        "## Raking to 3 margins",
        "",
        "| implementation | best (s) | median (s) | peak memory (MiB) |",
        "|---|---:|---:|---:|",
        f"| ours: weightipy RIM + checks (`sijeong.surveys.weighting.rake`) | {ours_best:.3f} | {ours_med:.3f} | {ours_mem:.1f} |",
        f"| pandas IPF written plainly | {pd_best:.3f} | {pd_med:.3f} | {pd_mem:.1f} |",
        "",
        f"Largest absolute difference between the two weight vectors (mean 1): {max_w_diff:.2e}. "
        f"Weights range {w_ours.min():.3f} to {w_ours.max():.3f}; Kish n_eff {n_eff:,.1f} of {args.n:,}.",
        "",
        "## Weighted cross-tab (5 options × gender, age band, district: %, n, n_eff, MoE)",
        "",
        "| implementation | best (s) | median (s) | peak memory (MiB) |",
        "|---|---:|---:|---:|",
        f"| ours: numpy bincount per option (`sijeong.surveys.stats.crosstab`) | {ct_ours_best:.3f} | {ct_ours_med:.3f} | {ct_ours_mem:.1f} |",
        f"| pandas groupby / unstack | {ct_pd_best:.3f} | {ct_pd_med:.3f} | {ct_pd_mem:.1f} |",
        "",
        f"Largest difference in any cell's percentage or margin of error between the two: {max_ct_diff:.2e} points.",
        "",
    ]
    backends = [b.strip() for b in args.db.split(",") if b.strip() and b.strip() != "none"]
    if backends:
        lines += page_method(args.n, args.page_repeat)
    for backend in backends:
        r = run_backend(backend, args.n, args.page_repeat, lambda t: print(t, flush=True))
        lines += [f"### {BACKEND_TITLES[backend]}", "", *page_report(r)]
    if backends:
        lines += PAGE_NOTES
    else:
        lines += ["Not measured in this run: the results page from a database (`--db none`).", ""]
    load_end = os.getloadavg()[0]
    lines += [
        f"Whole run: {time.perf_counter() - started:.0f} s wall. Load average (1 min) "
        f"{load_start:.1f} at the start and {load_end:.1f} at the end on {os.cpu_count()} CPUs: "
        "other work shared the machine, so wall times carry waiting for a CPU.",
        "",
    ]
    text = "\n".join(lines)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
