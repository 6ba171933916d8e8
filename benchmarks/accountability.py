"""Accountability benchmark: a national-scale data set on PostgreSQL, the municipality dashboard
and a filtered pledge-list API page under load, each against the raw SQL it runs.

    .venv/bin/python benchmarks/accountability.py [--scale 1] [--postgres auto|URL]
        [--requests 2000] [--warmup 300] [--concurrency 32] [--servers 3x1,4x1,4x8]
        [--out benchmarks/results/accountability.md]

Steps, each timed:

1. A PostgreSQL 15 database: a throw-away cluster (``--postgres auto``, as ``dev.py test`` starts
   it) or an empty database given by URL, migrated with ``manage.py migrate``.
2. The data set, generated with a fixed seed and written with COPY in batches: at ``--scale 1``
   243 municipalities (the 17 시·도 and 226 시·군·구), one term (민선8기) each, org units, pledge
   fields, 25,000 pledges with yearly targets, investment rows and yearly planned / secured / spent
   cells, status histories and audit entries, 250,000 progress entries and 60,000 budget programs
   (with schedules and pledge links). A smaller scale keeps fewer municipalities but the same data
   in each: every municipality's rows come from its own seeded generator, so the pages measured
   are identical at every scale, only the tables around them shrink.
3. The SQL of each endpoint, captured with ``CaptureQueriesContext`` in a Django process (one
   request through ``django.test.Client``, after one warm-up request: what every request of the
   load runs; for the dashboard also the cache-miss build).
4. The load: gunicorn on 127.0.0.1 (``SIJEONG_DEBUG=0``; CPUs + 1 and 2 × CPUs sync workers and
   2 × CPUs gthread workers with a thread per connection, or ``--servers``), ApacheBench ``ab -k`` at 32
   connections, a warm-up and then ``--requests`` requests per endpoint. The goals are judged
   on the configuration closer to both latency goals.
5. The raw peer: the captured statements, executed as they are with psycopg from 32 threads (one
   connection each), ``--requests`` times in all.

Goals (issue 7): p95 ≤ 50 ms for the cached dashboard, ≤ 100 ms for the API page, and no
endpoint slower than 3× its raw SQL (p95 and requests/s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 2026
TOTAL_MUNICIPALITIES = 243
TOTAL_PLEDGES = 25_000
TOTAL_PROGRESS = 250_000
TOTAL_PROGRAMS = 60_000
BATCH_MUNICIPALITIES = 20  # one COPY per table per batch
API_QUERY = "status=on_track&page=2&page_size=20"
DASHBOARD_P95_GOAL = 50  # ms
API_P95_GOAL = 100  # ms
RAW_RATIO_GOAL = 3
SECRET_KEY = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
GUNICORN_PIN = "gunicorn==27.0.1"

KST = dt.timezone(dt.timedelta(hours=9))
TERM_START = dt.date(2022, 7, 1)
TERM_END = dt.date(2026, 6, 30)
LOADED_AT = dt.datetime(2026, 7, 1, 9, 0, tzinfo=KST)
PROGRAM_YEARS = (2025, 2024, 2023)

# --- municipalities: the 17 시·도 and their 226 시·군·구 -------------------------------------

SIDO: list[tuple[str, str, str]] = [  # name, slug, administrative code prefix
    ("서울특별시", "seoul", "11"),
    ("부산광역시", "busan", "26"),
    ("대구광역시", "daegu", "27"),
    ("인천광역시", "incheon", "28"),
    ("광주광역시", "gwangju", "29"),
    ("대전광역시", "daejeon", "30"),
    ("울산광역시", "ulsan", "31"),
    ("세종특별자치시", "sejong", "36"),
    ("경기도", "gyeonggi", "41"),
    ("강원특별자치도", "gangwon", "51"),
    ("충청북도", "chungbuk", "43"),
    ("충청남도", "chungnam", "44"),
    ("전북특별자치도", "jeonbuk", "52"),
    ("전라남도", "jeonnam", "46"),
    ("경상북도", "gyeongbuk", "47"),
    ("경상남도", "gyeongnam", "48"),
    ("제주특별자치도", "jeju", "50"),
]
LOCALS: dict[str, str] = {
    "seoul": "종로구 중구 용산구 성동구 광진구 동대문구 중랑구 성북구 강북구 도봉구 노원구 은평구 "
    "서대문구 마포구 양천구 강서구 구로구 금천구 영등포구 동작구 관악구 서초구 강남구 송파구 강동구",
    "busan": "중구 서구 동구 영도구 부산진구 동래구 남구 북구 해운대구 사하구 금정구 강서구 연제구 "
    "수영구 사상구 기장군",
    "daegu": "중구 동구 서구 남구 북구 수성구 달서구 달성군 군위군",
    "incheon": "중구 동구 미추홀구 연수구 남동구 부평구 계양구 서구 강화군 옹진군",
    "gwangju": "동구 서구 남구 북구 광산구",
    "daejeon": "동구 중구 서구 유성구 대덕구",
    "ulsan": "중구 남구 동구 북구 울주군",
    "sejong": "",
    "gyeonggi": "수원시 성남시 의정부시 안양시 부천시 광명시 평택시 동두천시 안산시 고양시 과천시 "
    "구리시 남양주시 오산시 시흥시 군포시 의왕시 하남시 용인시 파주시 이천시 안성시 김포시 화성시 "
    "광주시 양주시 포천시 여주시 연천군 가평군 양평군",
    "gangwon": "춘천시 원주시 강릉시 동해시 태백시 속초시 삼척시 홍천군 횡성군 영월군 평창군 정선군 "
    "철원군 화천군 양구군 인제군 고성군 양양군",
    "chungbuk": "청주시 충주시 제천시 보은군 옥천군 영동군 증평군 진천군 괴산군 음성군 단양군",
    "chungnam": "천안시 공주시 보령시 아산시 서산시 논산시 계룡시 당진시 금산군 부여군 서천군 청양군 "
    "홍성군 예산군 태안군",
    "jeonbuk": "전주시 군산시 익산시 정읍시 남원시 김제시 완주군 진안군 무주군 장수군 임실군 순창군 "
    "고창군 부안군",
    "jeonnam": "목포시 여수시 순천시 나주시 광양시 담양군 곡성군 구례군 고흥군 보성군 화순군 장흥군 "
    "강진군 해남군 영암군 무안군 함평군 영광군 장성군 완도군 진도군 신안군",
    "gyeongbuk": "포항시 경주시 김천시 안동시 구미시 영주시 영천시 상주시 문경시 경산시 의성군 청송군 "
    "영양군 영덕군 청도군 고령군 성주군 칠곡군 예천군 봉화군 울진군 울릉군",
    "gyeongnam": "창원시 진주시 통영시 사천시 김해시 밀양시 거제시 양산시 의령군 함안군 창녕군 고성군 "
    "남해군 하동군 산청군 함양군 거창군 합천군",
    "jeju": "",
}


def words(text: str) -> list[str]:
    return text.split()


_INITIALS = words("g kk n d tt r m b pp s ss - j jj ch k t p h")
_VOWELS = words("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
_FINALS = ["", *words("k k k n n n t l l l l l l l l m p p t t ng t t k t p t")]


def romanize(hangul: str) -> str:
    """Revised Romanization, syllable by syllable (no sound-change rules): 동대문구 → dongdaemungu."""
    out = []
    for ch in hangul:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            out.append(ch.lower())
            continue
        initial, vowel, final = code // 588, (code % 588) // 28, code % 28
        out.append(_INITIALS[initial].strip("-") + _VOWELS[vowel] + _FINALS[final])
    return "".join(out)


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    code: str
    slug: str
    short: str  # the name people use: 수원시, 서울


def municipality_specs() -> list[Place]:
    kinds = {"시": "si", "군": "gun", "구": "gu"}
    out: list[Place] = []
    for name, slug, prefix in SIDO:
        out.append(Place(name, "sido", f"{prefix}000", slug, name[:2]))
        for i, local in enumerate(LOCALS[slug].split(), start=1):
            out.append(
                Place(f"{name} {local}", kinds[local[-1]], f"{prefix}{i * 10:03d}",
                      f"{slug}-{romanize(local)}", local)
            )  # fmt: skip
    assert len(out) == TOTAL_MUNICIPALITIES, len(out)
    assert len({p.slug for p in out}) == len(out)
    return out


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder, ties by position)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    out = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


@dataclass(frozen=True)
class Plan:
    places: list[Place]
    pledges: list[int]
    progress: list[int]
    programs: list[int]
    target: int  # index of the municipality whose pages are measured (the most pledges)

    def chosen(self, scale: float) -> list[int]:
        """Evenly spaced municipalities for ``scale`` (all of them at 1), the target always in."""
        n = max(1, min(len(self.places), round(len(self.places) * scale)))
        picked = sorted({math.floor(i * len(self.places) / n) for i in range(n)})
        if self.target not in picked:
            nearest = min(picked, key=lambda i: abs(i - self.target))
            picked[picked.index(nearest)] = self.target
        return sorted(picked)


def make_plan(seed: int) -> Plan:
    """Per-municipality counts over the whole country: the totals at scale 1 are exact."""
    places = municipality_specs()
    base = {"sido": 1.35, "si": 1.1, "gu": 0.95, "gun": 0.85}
    weights = [
        base[p.kind] * random.Random(f"{seed}:plan:{p.code}").uniform(0.6, 1.4) for p in places
    ]
    pledges = allocate(TOTAL_PLEDGES, weights)
    progress = allocate(TOTAL_PROGRESS, pledges)
    programs = allocate(
        TOTAL_PROGRAMS,
        [n * random.Random(f"{seed}:programs:{p.code}").uniform(0.8, 1.2) for n, p in zip(pledges, places, strict=True)],
    )  # fmt: skip
    target = max(range(len(places)), key=lambda i: (pledges[i], -i))
    return Plan(places, pledges, progress, programs, target)


# --- text pools ---------------------------------------------------------------------------------

FAMILY = words("김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 홍")
GIVEN = words("민 서 준 지 현 우 영 수 진 호 성 경 은 혜 재 동 상 미 정 훈 석 연 희 철 태 하 윤 규")
PLACE_SYLLABLES = words(
    "금 촌 문 산 운 정 교 하 월 롱 광 탄 조 리 적 성 봉 일 선 유 새 솔 매 화 양 평 송 도 청 학"
)
BUREAUS: dict[str, list[str]] = {
    "기획조정실": ["기획예산과", "법무감사과", "정보통신과", "세정과"],
    "자치행정국": ["총무과", "자치행정과", "민원봉사과", "회계과"],
    "경제일자리국": ["일자리경제과", "기업지원과", "농업정책과", "소상공인과"],
    "복지국": ["복지정책과", "노인장애인과", "여성가족과", "아동청소년과"],
    "문화체육관광국": ["문화예술과", "관광과", "체육진흥과", "평생교육과"],
    "도시주택국": ["도시계획과", "건축과", "주택과", "공원녹지과"],
    "안전건설국": ["안전총괄과", "도로과", "하천과", "교통정책과"],
    "환경국": ["환경정책과", "자원순환과", "기후에너지과"],
    "보건소": ["보건정책과", "건강증진과"],
}
CATEGORIES = [
    "일자리가 넘치는 활력 경제",
    "함께 누리는 따뜻한 복지",
    "아이 키우기 좋은 교육도시",
    "안전하고 쾌적한 생활환경",
    "사통팔달 교통도시",
    "품격 있는 문화관광",
    "탄소중립 녹색도시",
    "시민이 주인인 열린 행정",
    "균형 발전 미래도시",
    "청년이 머무는 도시",
    "활기찬 농어촌",
    "모두가 즐기는 생활체육",
]
VISIONS = [
    "시민중심 자족도시",
    "더 큰 미래, 더 큰 행복",
    "함께 잘사는 공동체",
    "지속가능한 녹색도시",
]
PLEDGE_TITLES = [
    "{place} 복합문화센터 건립",
    "{place} 공공도서관 확충",
    "청년 창업지원센터 조성",
    "어르신 일자리 {n}개 창출",
    "{place} 생활체육공원 조성",
    "공공산후조리원 설치",
    "{place} 도시재생 뉴딜사업 추진",
    "시내버스 노선 개편과 {n}개 노선 신설",
    "전기차 충전소 {n}곳 설치",
    "{place} 하천 생태공원 조성",
    "스마트 경로당 {n}곳 구축",
    "아동 돌봄센터 {n}곳 확충",
    "소상공인 경영안정자금 {n}억원 지원",
    "{place} 공영주차장 {n}면 확충",
    "지역화폐 발행 {n}억원 확대",
    "민원 처리 기간 {n}% 단축",
    "미세먼지 저감 숲 {n}곳 조성",
    "{place} 국민체육센터 건립",
    "장애인 가족 지원센터 설치",
    "{place} 농산물 직매장 개설",
    "주민참여예산 {n}억원으로 확대",
    "청년 월세 지원 {n}명",
    "{place} 둘레길 {n}km 조성",
    "스마트 횡단보도 {n}곳 설치",
]
PROGRESS_TEXTS = [  # in the order a project goes through them
    "관계부서 협의",
    "기본계획 수립 용역 착수",
    "기본계획 수립 용역 완료",
    "주민설명회 개최 ({n}명 참석)",
    "의회 보고 및 조례 제정",
    "예산 {n}백만원 편성",
    "국비 {n}억원 확보",
    "실시설계 용역 착수",
    "실시설계 완료",
    "공사 착공",
    "{n}차 추진상황 보고회",
    "공정률 {n}% 달성",
    "준공 및 개소",
    "민간위탁 운영자 선정",
    "시범 운영 ({n}개소)",
    "만족도 조사 실시 (만족 {n}%)",
]
TARGET_TEXTS = [
    "기본계획 수립",
    "예산 확보 및 설계",
    "착공",
    "공정률 {n}%",
    "준공 및 운영",
    "{n}명 지원",
    "{n}곳 설치",
]
PROGRAM_TOPICS = words(
    "청년창업 경로당 공공도서관 생활체육 하천정비 도로확포장 스마트교통 도시재생 농업기반 관광 "
    "문화예술 아동돌봄 장애인복지 평생학습 자원순환 미세먼지저감 도시공원 주민자치 민원서비스 "
    "지역화폐 소상공인 보건의료 재난안전 상수도 하수도 공영주차장 전통시장 청소년 다문화가족"
)
PROGRAM_SUFFIXES = words(
    "지원 운영 사업 육성 조성 확충 활성화 개선 관리 기반구축 시설보강 프로그램"
)
SPECIAL_ACCOUNTS = [
    "균형발전특별회계",
    "상수도사업특별회계",
    "하수도사업특별회계",
    "주차장특별회계",
]
SCHEDULE_STEPS = ["설계 용역", "공사 발주", "보조금 교부", "사업 시행", "중간 점검", "정산"]
LEGAL_BASES = [
    "「지방재정법」 제17조",
    "「지방자치법」 제13조",
    "「보조금 관리에 관한 법률」",
    "시 조례",
]

STATUS_WEIGHTS = {
    "completed": 0.36,
    "completed_ongoing": 0.12,
    "on_track": 0.36,
    "behind": 0.07,
    "reviewing": 0.02,
    "on_hold": 0.04,
    "dropped": 0.03,
}
MET_CHANCE = {
    "completed": 0.9,
    "completed_ongoing": 0.85,
    "on_track": 0.75,
    "behind": 0.4,
    "reviewing": 0.1,
    "on_hold": 0.25,
    "dropped": 0.15,
}
PROGRESS_WEIGHT = {
    "completed": 1.3,
    "completed_ongoing": 1.3,
    "on_track": 1.0,
    "behind": 0.8,
    "reviewing": 0.3,
    "on_hold": 0.5,
    "dropped": 0.5,
}


def person(rng: random.Random) -> str:
    return rng.choice(FAMILY) + rng.choice(GIVEN) + rng.choice(GIVEN)


def fill(rng: random.Random, template: str, place: str = "") -> str:
    return template.format(place=place, n=rng.choice((2, 3, 5, 10, 12, 20, 30, 50, 100)))


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def split(rng: random.Random, amount: int, parts: int, step: int) -> list[int]:
    """``amount`` in ``parts`` random shares, each a multiple of ``step`` but the last."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [round(amount * w / sum(weights) / step) * step for w in weights[:-1]]
    return [*shares, amount - sum(shares)]


# --- writing rows with COPY (inside a configured Django process) -------------------------------

MISSING = object()


class Table:
    """The rows of one model, with ids given here, written with COPY and then cleared."""

    def __init__(self, model: Any) -> None:
        from django.db.models import JSONField

        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.names = [f.attname for f in self.fields]
        self.known = set(self.names)
        self.json = [isinstance(f, JSONField) for f in self.fields]
        self.defaults: list[Any] = []
        for f in self.fields:
            if f.primary_key:
                self.defaults.append(MISSING)
            elif f.has_default():
                self.defaults.append(f.get_default())
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults.append(LOADED_AT)
            elif f.null:
                self.defaults.append(None)
            elif f.blank and f.empty_strings_allowed:
                self.defaults.append("")
            else:
                self.defaults.append(MISSING)
        self.rows: list[tuple[Any, ...]] = []
        self.next_id = 1
        self.written = 0

    def add(self, **values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        values[self.model._meta.pk.attname] = pk
        if not values.keys() <= self.known:
            raise ValueError(
                f"{self.model._meta.label}: unknown fields {values.keys() - self.known}"
            )
        row = []
        for name, default, is_json in zip(self.names, self.defaults, self.json, strict=True):
            value = values.get(name, default)
            if value is MISSING:
                raise ValueError(f"{self.model._meta.label}: {name} is required")
            if is_json and value is not None:
                value = json.dumps(value, ensure_ascii=False)
            row.append(value)
        self.rows.append(tuple(row))
        return pk

    def copy(self, cursor: Any) -> int:
        if not self.rows:
            return 0
        table = self.model._meta.db_table
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in self.rows:
                copy.write_row(row)
        n = len(self.rows)
        self.written += n
        self.rows = []
        return n

    def reset_sequence(self, cursor: Any) -> None:
        table = self.model._meta.db_table
        pk = self.model._meta.pk.column
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), %s, true)",
            [max(1, self.next_id - 1)],
        )


@dataclass
class Division:
    id: int
    name: str
    bureau: str


@dataclass
class ProgramBase:
    """A budget program as it recurs from year to year."""

    name: str
    special: bool
    account: str
    division: Division
    recurring: bool
    amounts: dict[int, int]  # budget by year, 2022 being the first prior year
    shares: tuple[float, float]  # national, provincial
    link: tuple[int, int] | None  # pledge id, share %


class Generator:
    """Builds each municipality's rows from its own seeded random generator."""

    def __init__(self, seed: int, with_programs: bool) -> None:
        from sijeong.core.models import AuditEntry, Municipality, OrgUnit, Term
        from sijeong.pledges.models import (
            InvestmentRow,
            InvestmentYear,
            Pledge,
            PledgeCategory,
            PledgeTarget,
            ProgressEntry,
            StatusChange,
        )

        self.seed = seed
        self.with_programs = with_programs
        self.municipality = Table(Municipality)
        self.term = Table(Term)
        self.org = Table(OrgUnit)
        self.category = Table(PledgeCategory)
        self.pledge = Table(Pledge)
        self.cooperating = Table(Pledge.cooperating_departments.through)
        self.target = Table(PledgeTarget)
        self.inv_row = Table(InvestmentRow)
        self.inv_year = Table(InvestmentYear)
        self.progress = Table(ProgressEntry)
        self.status = Table(StatusChange)
        self.audit = Table(AuditEntry)
        self.tables = [
            self.municipality,
            self.term,
            self.org,
            self.category,
            self.pledge,
            self.cooperating,
            self.target,
            self.inv_row,
            self.inv_year,
            self.progress,
            self.status,
            self.audit,
        ]
        if with_programs:
            from sijeong.budgets.models import BudgetProgram, ProgramPledgeLink, ScheduleEntry

            self.program = Table(BudgetProgram)
            self.link = Table(ProgramPledgeLink)
            self.schedule = Table(ScheduleEntry)
            self.tables += [self.program, self.link, self.schedule]

    # -- one municipality -----------------------------------------------------------------------

    def municipality_rows(self, place: Place, pledges: int, progress: int, programs: int) -> None:
        rng = random.Random(f"{self.seed}:{place.code}")
        mid = self.municipality.add(
            name=place.name, kind=place.kind, code=place.code, slug=place.slug
        )
        term = self.term.add(
            municipality_id=mid, number=8, start=TERM_START, end=TERM_END, mayor=person(rng)
        )
        divisions = self._org_units(rng, mid)
        budgeted = self._pledges(rng, place, mid, term, divisions, pledges, progress)
        if self.with_programs:
            self.budget_program_rows(rng, place, mid, divisions, budgeted, programs)

    def _org_units(self, rng: random.Random, mid: int) -> list[Division]:
        others = [b for b in BUREAUS if b != "기획조정실"]
        bureaus = ["기획조정실", *rng.sample(others, rng.randint(5, len(others)))]
        out: list[Division] = []
        for bureau in bureaus:
            bid = self.org.add(municipality_id=mid, name=bureau, kind="bureau")
            names = BUREAUS[bureau]
            picked = (
                names if bureau == "기획조정실" else rng.sample(names, rng.randint(2, len(names)))
            )
            for name in picked:
                did = self.org.add(
                    municipality_id=mid,
                    parent_id=bid,
                    name=name,
                    kind="division",
                    is_coordinating_office=name == "기획예산과",
                )
                out.append(Division(did, name, bureau))
        return out

    def _pledges(
        self,
        rng: random.Random,
        place: Place,
        mid: int,
        term: int,
        divisions: list[Division],
        count: int,
        progress_total: int,
    ) -> list[int]:
        n_categories = rng.randint(6, 9)
        titles = rng.sample(CATEGORIES, n_categories)
        visions = rng.sample(VISIONS, 3)
        categories = [
            self.category.add(
                municipality_id=mid,
                term_id=term,
                code=str(i + 1),
                title=title,
                vision=visions[i * 3 // n_categories],
            )
            for i, title in enumerate(titles)
        ]
        per_category = sorted(rng.choices(range(n_categories), k=count))
        statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=count)
        entries = allocate(
            progress_total, [PROGRESS_WEIGHT[s] * rng.uniform(0.5, 1.5) for s in statuses]
        )
        budgeted: list[int] = []
        number = 0
        for i, (cat, status) in enumerate(zip(per_category, statuses, strict=True)):
            number = number + 1 if i and per_category[i - 1] == cat else 1
            code = f"{cat + 1}-{number}"
            pid, has_budget = self._pledge(
                rng, place, mid, term, categories[cat], code, (cat + 1) * 1000 + number,
                status, divisions, entries[i],
            )  # fmt: skip
            if has_budget:
                budgeted.append(pid)
        return budgeted

    def _pledge(
        self,
        rng: random.Random,
        place: Place,
        mid: int,
        term: int,
        category: int,
        code: str,
        sort_key: int,
        status: str,
        divisions: list[Division],
        n_progress: int,
    ) -> tuple[int, bool]:
        """One pledge with its targets, investment, progress, status history and audit entries:
        its id and whether it has a budget."""
        spot = "".join(rng.sample(PLACE_SYLLABLES, 2)) + rng.choice(("동", "읍", "면", ""))
        title = fill(rng, rng.choice(PLEDGE_TITLES), spot)
        lead = rng.choice(divisions)
        budget = rng.random() < 0.8
        path = self._status_path(rng, status)
        pct = path[-1][2] if path else 0
        completed_on = path[-1][1] if status in ("completed", "completed_ongoing") else None
        stage = {
            "reviewing": "reviewing",
            "completed": "completed",
            "completed_ongoing": "completed",
            "dropped": "infeasible",
        }.get(status, "in_progress")
        goal = f"{title}으로 {place.short} 시민의 삶의 질 향상"
        pid = self.pledge.add(
            municipality_id=mid,
            term_id=term,
            category_id=category,
            code=code,
            sort_key=sort_key,
            title=title,
            lead_department_id=lead.id,
            project_type=rng.choice(("new", "new", "continuing")),
            executor="municipality" if rng.random() < 0.8 else "state_or_province",
            completion="within_term" if rng.random() < 0.85 else "after_term",
            budget_type="budgeted" if budget else "non_budget",
            central_cooperation=["none"] if rng.random() < 0.7 else [rng.choice(("financial", "institutional"))],
            stage=stage,
            goal_title=goal[:200],
            goal=f"{goal}. {fill(rng, rng.choice(TARGET_TEXTS))}을(를) 임기 내 달성합니다.",
            overview=" ".join(fill(rng, rng.choice(PROGRESS_TEXTS)) for _ in range(4)),
            investment_unit="백만원",
            investment_note="" if budget else "해당없음",
            status=status,
            progress_pct=pct,
            completed_on=completed_on,
            created_at=dt.datetime(2022, 9, 30, 9, 0, tzinfo=KST),
            updated_at=LOADED_AT,
        )  # fmt: skip
        for unit in rng.sample(divisions, rng.choice((0, 0, 1, 1, 2))):
            if unit.id != lead.id:
                self.cooperating.add(pledge_id=pid, orgunit_id=unit.id)
        self._targets(rng, pid, status)
        if budget:
            self._investment(rng, pid, status)
        self._progress(rng, pid, n_progress)
        label = f"[{code}] {title}"[:200]
        self.audit.add(
            municipality_id=mid,
            actor_label="시스템",
            at=dt.datetime(2022, 9, 30, 9, 0, tzinfo=KST),
            object_type="pledges.pledge",
            object_id=str(pid),
            object_repr=label,
            action="create",
            after={"code": code, "title": title, "status": "reviewing"},
        )
        before = "reviewing"
        for to_status, effective_on, step_pct in path:
            at = dt.datetime.combine(
                min(effective_on + dt.timedelta(days=rng.randint(0, 10)), dt.date(2026, 6, 30)),
                dt.time(10, rng.randint(0, 59)),
                tzinfo=KST,
            )
            self.status.add(
                pledge_id=pid,
                from_status=before,
                to_status=to_status,
                progress_pct=step_pct,
                effective_on=effective_on,
                changed_at=at,
                reason="정기 점검 결과 반영",
            )
            self.audit.add(
                municipality_id=mid,
                actor_label="시스템",
                at=at,
                object_type="pledges.pledge",
                object_id=str(pid),
                object_repr=label,
                action="status_change",
                before={"status": before},
                after={"status": to_status, "progress_pct": step_pct},
                reason="정기 점검 결과 반영",
            )
            before = to_status
        return pid, budget

    @staticmethod
    def _status_path(rng: random.Random, status: str) -> list[tuple[str, dt.date, int]]:
        if status == "reviewing":
            return []
        start = TERM_START + dt.timedelta(days=rng.randint(60, 420))
        if status == "on_track":
            return [("on_track", start, rng.randint(30, 95))]
        later = day_between(rng, start + dt.timedelta(days=120), dt.date(2026, 6, 15))
        first = ("on_track", start, rng.randint(5, 40))
        if status in ("completed", "completed_ongoing"):
            return [first, (status, later, 100)]
        return [first, (status, later, rng.randint(first[2], 70))]

    def _targets(self, rng: random.Random, pid: int, status: str) -> None:
        for year in range(rng.choice((2022, 2023)), 2027):
            if year < 2026:
                met = "yes" if rng.random() < MET_CHANCE[status] else "no"
            elif status in ("completed", "completed_ongoing"):
                met = "yes"
            else:
                met = rng.choices(("unknown", "no", "yes"), weights=(5, 2, 3))[0]
            self.target.add(
                pledge_id=pid,
                year=year,
                target=f"{year}년 {fill(rng, rng.choice(TARGET_TEXTS))}",
                met=met,
                evidence="추진실적 보고서" if met == "yes" else "",
            )

    def _investment(self, rng: random.Random, pid: int, status: str) -> None:
        million = 1_000_000
        total = round(math.exp(rng.uniform(math.log(1e8), math.log(5e10))) / million) * million
        sources = ["municipal"]
        if rng.random() < 0.45:
            sources.append("national")
        if rng.random() < 0.55:
            sources.append("provincial")
        amounts = split(rng, total, len(sources), million)
        years = list(range(rng.choice((2022, 2023, 2024)), rng.choice((2025, 2026)) + 1))
        factor = {"on_hold": 0.4, "dropped": 0.2, "behind": 0.7}.get(status, 0.9)
        rows: list[tuple[str, int, int, list[tuple[int, int, int, int]]]] = []
        for source, amount in zip(sources, amounts, strict=True):
            prior = round(amount * rng.uniform(0, 0.3) / million) * million
            cells = []
            for year, planned in zip(years, split(rng, amount, len(years), million), strict=True):
                share = rng.uniform(factor, 1.0) if year < 2026 else rng.uniform(0.3, 1.0)
                secured = round(planned * share / million) * million
                spent = round(secured * rng.uniform(0.5 if year < 2026 else 0.1, 1.0) / million)
                cells.append((year, planned, secured, spent * million))
            rows.append((source, amount, prior, cells))
        by_year = {
            y: [sum(c[k] for _, _, _, cs in rows for c in cs if c[0] == y) for k in (1, 2, 3)]
            for y in years
        }
        total_row = self.inv_row.add(
            pledge_id=pid, source="total", total_cost=total, prior=sum(r[2] for r in rows)
        )
        for year in years:
            planned, secured, spent = by_year[year]
            self.inv_year.add(
                row_id=total_row, year=year, planned=planned, secured=secured, spent=spent
            )
        for source, amount, prior, cells in rows:
            row = self.inv_row.add(pledge_id=pid, source=source, total_cost=amount, prior=prior)
            for year, planned, secured, spent in cells:
                self.inv_year.add(
                    row_id=row, year=year, planned=planned, secured=secured, spent=spent
                )

    def _progress(self, rng: random.Random, pid: int, count: int) -> None:
        days = sorted(
            day_between(rng, dt.date(2022, 7, 15), dt.date(2026, 6, 30)) for _ in range(count)
        )
        # the texts run from planning to opening, in the order of the dates
        steps = sorted(rng.choices(range(len(PROGRESS_TEXTS)), k=count))
        for order, (day, step) in enumerate(zip(days, steps, strict=True)):
            precision = rng.choices(("day", "month", "year"), weights=(55, 40, 5))[0]
            date = (
                day
                if precision == "day"
                else day.replace(day=1)
                if precision == "month"
                else day.replace(month=1, day=1)
            )
            end = None
            if precision != "year" and rng.random() < 0.1:
                end = date + dt.timedelta(days=rng.randint(30, 120))
                if precision == "month":
                    end = end.replace(day=1)
            self.progress.add(
                pledge_id=pid,
                date=date,
                precision=precision,
                date_end=end,
                end_precision=precision,
                text=fill(rng, PROGRESS_TEXTS[step]),
                order=order,
            )

    def budget_program_rows(
        self,
        rng: random.Random,
        place: Place,
        mid: int,
        divisions: list[Division],
        pledges: list[int],
        count: int,
    ) -> None:
        """Budget programs (sijeong.budgets): one row per program and year, over three years,
        some linked to a pledge, each with a short schedule (planned and executed amounts)."""
        thousand = 1_000
        n_base = math.ceil(count / len(PROGRAM_YEARS))
        names: set[str] = set()
        bases: list[ProgramBase] = []
        while len(bases) < n_base:
            name = f"{rng.choice(PROGRAM_TOPICS)} {rng.choice(PROGRAM_SUFFIXES)}"
            if name in names:
                name = f"{name} ({len(bases) + 1})"
            names.add(name)
            special = rng.random() < 0.15
            base = math.exp(rng.uniform(math.log(5e6), math.log(3e9)))
            amounts = {
                y: round(base * rng.uniform(0.8, 1.25) / thousand) * thousand
                for y in range(2022, 2026)
            }
            shares = (rng.uniform(0, 0.5), rng.uniform(0, 0.3) if place.kind != "sido" else 0.0)
            link = None
            if pledges and rng.random() < 0.4:
                link = (
                    rng.choice(pledges),
                    100 if rng.random() < 0.6 else rng.randrange(20, 90, 10),
                )
            account = rng.choice(SPECIAL_ACCOUNTS) if special else "일반회계"
            division = rng.choice(divisions)
            recurring = rng.random() < 0.5
            bases.append(
                ProgramBase(name, special, account, division, recurring, amounts, shares, link)
            )
        for i in range(count):
            b = bases[i % n_base]
            name, amounts, shares, recurring = b.name, b.amounts, b.shares, b.recurring
            division = b.division
            year = PROGRAM_YEARS[i // n_base]
            by_source: dict[str, int] = {}
            for side, amount in (("current", amounts[year]), ("prior", amounts[year - 1])):
                national = round(amount * shares[0] / thousand) * thousand
                provincial = round(amount * shares[1] / thousand) * thousand
                by_source.update(
                    {
                        f"{side}_national": national,
                        f"{side}_provincial": provincial,
                        f"{side}_municipal": amount - national - provincial,
                        f"{side}_other": 0,
                    }
                )
            program = self.program.add(
                municipality_id=mid,
                year=year,
                name=name,
                account_kind="special" if b.special else "general",
                account_name=b.account,
                recurring=recurring,
                period_start=None if recurring else dt.date(year, 1, 1),
                period_end=None if recurring else dt.date(year + rng.randint(0, 3), 12, 1),
                content=f"{name} 추진 ({place.short})",
                executor=place.short if rng.random() < 0.7 else "민간위탁",
                description=[f"{name}으로 지역 현안 해결", "사업 성과 점검 및 환류"],
                purpose=f"{place.short} 시민의 {name} 수요 충족",
                legal_basis=rng.sample(LEGAL_BASES, 2),
                expected_effects=[f"{name} 만족도 향상"],
                unit_in_document="천원",
                budget_current=amounts[year],
                budget_prior=amounts[year - 1],
                **by_source,
                department_id=division.id,
                department_name=division.name,
                bureau_name=division.bureau,
            )
            if b.link is not None:
                self.link.add(program_id=program, pledge_id=b.link[0], share_pct=b.link[1])
            steps = rng.sample(SCHEDULE_STEPS, rng.randint(1, 3))
            for order, (step, amount) in enumerate(
                zip(steps, split(rng, amounts[year], len(steps), thousand), strict=True)
            ):
                m1 = rng.randint(1, 10)
                m2 = rng.randint(m1, 12)
                self.schedule.add(
                    program_id=program,
                    order=order,
                    step=step,
                    period_text=f"{year}. {m1}. ~ {year}. {m2}.",
                    start=dt.date(year, m1, 1),
                    end=dt.date(year, m2, 1),
                    amount=amount,
                    executed=round(amount * rng.uniform(0.7, 1.0) / thousand) * thousand,
                    text=f"{step} 추진",
                )

    # -- writing --------------------------------------------------------------------------------

    def flush(self, cursor: Any) -> int:
        return sum(t.copy(cursor) for t in self.tables)


def programs_available() -> bool:
    """Whether the budgets app (sijeong.budgets) and its tables are there."""
    try:
        from django.db import connection

        from sijeong.budgets.models import BudgetProgram
    except ImportError:
        return False
    return BudgetProgram._meta.db_table in connection.introspection.table_names()


def generate(scale: float, seed: int) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    plan = make_plan(seed)
    chosen = plan.chosen(scale)
    with_programs = programs_available()
    if not with_programs:
        print("budget programs: sijeong.budgets is missing, programs skipped", flush=True)
    gen = Generator(seed, with_programs)
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    started = time.perf_counter()
    written = 0
    with raw.cursor() as cursor:
        for first in range(0, len(chosen), BATCH_MUNICIPALITIES):
            batch = chosen[first : first + BATCH_MUNICIPALITIES]
            for i in batch:
                gen.municipality_rows(
                    plan.places[i], plan.pledges[i], plan.progress[i], plan.programs[i]
                )
            written += gen.flush(cursor)
            elapsed = time.perf_counter() - started
            print(
                f"  municipalities {first + len(batch):>3}/{len(chosen)}: {written:>9,} rows"
                f" in {elapsed:6.1f} s ({written / elapsed:,.0f} rows/s)",
                flush=True,
            )  # fmt: skip
        for table in gen.tables:
            table.reset_sequence(cursor)
        load_seconds = time.perf_counter() - started
        t0 = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        analyze_seconds = time.perf_counter() - t0
        counts = {}
        for table in gen.tables:
            cursor.execute(f'SELECT count(*) FROM "{table.model._meta.db_table}"')
            counts[table.model._meta.db_table] = int(cursor.fetchone()[0])
        cursor.execute("SELECT pg_database_size(current_database())")
        size = int(cursor.fetchone()[0])
        cursor.execute("SHOW server_version")
        server_version = str(cursor.fetchone()[0])
    target = plan.places[plan.target]
    from sijeong.pledges.models import Pledge

    on_track = Pledge.objects.filter(municipality__slug=target.slug, status="on_track").count()
    connection.close()
    return {
        "scale": scale,
        "seed": seed,
        "municipalities": len(chosen),
        "counts": counts,
        "rows": sum(counts.values()),
        "load_seconds": load_seconds,
        "analyze_seconds": analyze_seconds,
        "database_bytes": size,
        "server_version": server_version,
        "programs": with_programs,
        "target": {
            "name": target.name,
            "slug": target.slug,
            "pledges": plan.pledges[plan.target],
            "on_track": on_track,
            "progress": plan.progress[plan.target],
            "programs": plan.programs[plan.target] if with_programs else 0,
        },
    }


# --- capturing the SQL of one request (inside a configured Django process) ----------------------


def capture(urls: dict[str, str]) -> dict[str, Any]:
    """Three requests per URL: the first in a fresh process ("cold": imports, connection, cache
    miss), the second as every request of the load runs ("warm"), the third after the cache was
    cleared ("miss": the dashboard's build in a warm process)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    out: dict[str, Any] = {}
    for name, url in urls.items():
        runs: dict[str, Any] = {}
        for label in ("cold", "warm", "miss"):
            if label == "miss":
                cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url, HTTP_HOST="localhost")
                seconds = time.perf_counter() - start
            body = response.content
            info: dict[str, Any] = {
                "status": response.status_code,
                "bytes": len(body),
                "seconds": seconds,
                "sql": [q["sql"] for q in ctx.captured_queries],
            }
            if response.get("Content-Type", "").startswith("application/json"):
                data = json.loads(body)
                if isinstance(data, dict) and "results" in data:
                    info["results"] = len(data["results"])
                    info["count"] = data.get("count")
            runs[label] = info
        out[name] = runs
    connection.close()
    return out


# --- the load: gunicorn + ApacheBench -----------------------------------------------------------


def ensure_ab() -> str:
    import dev

    found = shutil.which("ab")
    if found is None and dev.IS_ROOT and shutil.which("apt-get"):
        dev.say("ApacheBench 설치 중 (apt-get install apache2-utils)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        dev.run(["apt-get", "update", "-qq"], check=False)
        dev.run(["apt-get", "install", "-y", "-qq", "apache2-utils"], env=env, check=False)
        found = shutil.which("ab")
    if found is None:
        raise SystemExit("ApacheBench(ab)가 없습니다: apt-get install apache2-utils")
    return found


def ensure_gunicorn() -> str:
    try:
        import importlib.metadata

        return importlib.metadata.version("gunicorn")
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(f"gunicorn이 없습니다: .venv/bin/pip install {GUNICORN_PIN}") from None


class Gunicorn:
    """``app`` under gunicorn on 127.0.0.1, stopped (by its own pid) on exit. Any HTTP answer to
    the first request means it is up. ``stderr``: a file for the app's own log (Django's)."""

    def __init__(
        self,
        env: dict[str, str],
        workers: int,
        threads: int,
        log: Path,
        app: str = "config.wsgi:application",
        extra: Sequence[str] = (),
        stderr: Path | None = None,
    ) -> None:
        import dev

        self.port = dev.free_port()
        self.env = env
        self.workers = workers
        self.threads = threads
        self.log = log
        self.app = app
        self.extra = list(extra)
        self.stderr_path = stderr
        self.stderr: Any = None
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        cmd = [
            sys.executable, "-m", "gunicorn", self.app, *self.extra,
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--threads", str(self.threads), "--backlog", "2048", "--keep-alive", "5",
            "--log-level", "warning", "--error-logfile", str(self.log),
        ]  # fmt: skip
        if self.stderr_path is not None:
            self.stderr = self.stderr_path.open("ab")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stderr=self.stderr)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn ended at start; see {self.log}")
            try:
                request = urllib.request.Request(self.url("/api/v1/municipalities"))
                request.add_header("Host", "localhost")
                with urllib.request.urlopen(request, timeout=5):
                    return self
            except urllib.error.HTTPError:
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 120 s")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.stderr is not None:
            self.stderr.close()


def run_ab(ab: str, url: str, requests: int, concurrency: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".csv") as csv:
        cmd = [
            ab, "-q", "-k", "-n", str(requests), "-c", str(concurrency), "-s", "60",
            "-H", "Host: localhost", "-e", csv.name, url,
        ]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"ab failed ({done.returncode}): {done.stderr.strip()}")
        percentiles = {}
        for line in Path(csv.name).read_text().splitlines()[1:]:
            pct, ms = line.split(",")
            percentiles[int(float(pct))] = float(ms)
    text = done.stdout

    def number(label: str, default: float | None = None) -> float:
        found = re.search(rf"^{label}:\s+([\d.]+)", text, re.MULTILINE)
        if found is None:
            if default is None:
                raise SystemExit(f"ab output without '{label}':\n{text}")
            return default
        return float(found.group(1))

    failed = re.search(
        r"\(Connect: (\d+), Receive: (\d+), Length: (\d+), Exceptions: (\d+)\)", text
    )
    errors = 0 if failed is None else sum(int(failed.group(i)) for i in (1, 2, 4))
    length_varied = 0 if failed is None else int(failed.group(3))
    return {
        "requests": int(number("Complete requests")),
        "errors": errors,
        "length_varied": length_varied,
        "non_2xx": int(number("Non-2xx responses", 0)),
        "keep_alive": int(number("Keep-Alive requests", 0)),
        "bytes": int(number("Document Length")),
        "seconds": number("Time taken for tests"),
        "rps": number("Requests per second"),
        "p50": percentiles[50],
        "p95": percentiles[95],
        "p99": percentiles[99],
    }


# --- the raw peer: the captured statements from psycopg ---------------------------------------


def raw_peer(
    conninfo: str, statements: list[str], requests: int, concurrency: int
) -> dict[str, Any]:
    """Each of ``concurrency`` threads runs the statements in turn on its own connection, as a
    request would, until ``requests`` have run in all; latency is per set of statements."""
    import psycopg

    # Django's own cursors bind parameters on the client (psycopg.ClientCursor): the same here.
    connections = [
        psycopg.connect(
            conninfo,
            autocommit=True,
            options="-c TimeZone=UTC",
            cursor_factory=psycopg.ClientCursor,
        )
        for _ in range(concurrency)
    ]
    shares = allocate(requests, [1.0] * concurrency)
    latencies: list[float] = []
    lock = threading.Lock()
    ready = threading.Barrier(concurrency + 1)

    def one(cursor: Any) -> None:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()

    def work(conn: Any, n: int) -> None:
        mine = []
        with conn.cursor() as cursor:
            one(cursor)  # warm-up: plans, buffers
            ready.wait()
            for _ in range(n):
                start = time.perf_counter()
                one(cursor)
                mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    threads = [
        threading.Thread(target=work, args=(c, n)) for c, n in zip(connections, shares, strict=True)
    ]
    for t in threads:
        t.start()
    ready.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    for c in connections:
        c.close()
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "seconds": wall,
        "rps": len(latencies) / wall,
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
    }


# --- the driver -------------------------------------------------------------------------------


def run_phase(phase: str, env: dict[str, str], *args: str) -> Any:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, __file__, "--phase", phase, "--phase-out", out.name, *args],
            env=env,
            check=True,
            cwd=ROOT,
        )
        return json.loads(Path(out.name).read_text(encoding="utf-8"))


def machine() -> str:
    cpu = "unknown CPU"
    ram = "RAM unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split()[1]
        ram = f"{int(mem) / 1024**2:.0f} GB RAM"
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {ram}, Linux {platform.release()}"


def versions(ab: str, pg_version: str) -> str:
    import importlib.metadata

    out = [f"Python {platform.python_version()}", pg_version]
    for name in ("django", "django-ninja", "psycopg", "gunicorn"):
        out.append(f"{name}=={importlib.metadata.version(name)}")
    first = subprocess.run([ab, "-V"], capture_output=True, text=True, check=False).stdout
    out.append(first.splitlines()[0].replace("This is ", "").split(" <")[0] if first else "ab")
    return ", ".join(out)


def measure(args: argparse.Namespace, url: str, say: Callable[[str], None]) -> dict[str, Any]:
    ab = ensure_ab()
    ensure_gunicorn()
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
    t0 = time.perf_counter()
    data = run_phase(
        "generate", {**base_env, "SIJEONG_DEBUG": "1"}, "--scale", str(args.scale), "--seed", str(args.seed)
    )  # fmt: skip
    data["phase_seconds"] = time.perf_counter() - t0
    result["data"] = data
    result["versions"] = versions(ab, f"PostgreSQL {data['server_version']}")
    for table, n in data["counts"].items():
        say(f"  {table:<40} {n:>9,}")
    say(
        f"  {'total':<40} {data['rows']:>9,} rows, COPY {data['load_seconds']:.1f} s,"
        f" VACUUM ANALYZE {data['analyze_seconds']:.1f} s, {data['database_bytes'] / 2**20:,.0f} MiB"
    )
    if args.generate_only:
        return result

    slug = data["target"]["slug"]
    endpoints = {
        "dashboard": f"/{slug}/",
        "api": f"/api/v1/{slug}/pledges?{args.api_query}",
    }
    server_env = {
        **base_env,
        "SIJEONG_DEBUG": "0",
        "SIJEONG_SECRET_KEY": SECRET_KEY,
        "SIJEONG_HTTPS": "0",  # plain http://127.0.0.1: no HTTPS redirect
        "SIJEONG_ALLOWED_HOSTS": "localhost",
        # WhiteNoise warns once per process that var/static/ (collectstatic) is missing,
        # and matplotlib that the chart fonts lack Hangul (the browser draws the text).
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning,ignore:Glyph:UserWarning",
    }
    captured = run_phase("capture", server_env, "--urls", json.dumps(endpoints))
    result["captured"] = captured
    result["endpoints"] = endpoints
    for name, runs in captured.items():
        say(
            f"{name}: {endpoints[name]} → {runs['warm']['status']}, {runs['warm']['bytes']:,} bytes,"
            f" {len(runs['warm']['sql'])} queries per request; cache miss {len(runs['miss']['sql'])}"
            f" queries, {runs['miss']['seconds'] * 1000:.0f} ms; first request in a fresh process"
            f" {runs['cold']['seconds'] * 1000:.0f} ms"
        )
    result["servers"] = []
    for workers, threads in server_configs(args):
        label = (
            f"{workers} sync workers"
            if threads == 1
            else f"{workers} gthread workers × {threads} threads"
        )
        say(f"gunicorn: {label}")
        entry: dict[str, Any] = {"label": label, "workers": workers, "threads": threads}
        entry["loadavg_before"] = os.getloadavg()
        loads: dict[str, Any] = {}
        with (
            tempfile.TemporaryDirectory() as tmp,
            Gunicorn(server_env, workers, threads, Path(tmp) / "gunicorn.log") as server,
        ):
            for name, path in endpoints.items():
                run_ab(ab, server.url(path), args.warmup, args.concurrency)
                loads[name] = run_ab(ab, server.url(path), args.requests, args.concurrency)
                s = loads[name]
                # one connection: the service time without queueing
                one = run_ab(ab, server.url(path), args.serial_requests, 1)
                s["serial_p50"], s["serial_p95"] = one["p50"], one["p95"]
                say(
                    f"  ab {name}: p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms,"
                    f" p99 {s['p99']:.1f} ms, {s['rps']:.0f} req/s ({s['requests']} requests,"
                    f" {s['errors']} errors, {s['non_2xx']} non-2xx, {s['length_varied']} of"
                    f" another length, {s['keep_alive']} kept alive); at 1 connection p50"
                    f" {s['serial_p50']:.1f} ms, p95 {s['serial_p95']:.1f} ms"
                )
            log = (Path(tmp) / "gunicorn.log").read_text(errors="replace").strip()
            if log:
                say("gunicorn log:\n" + log[-2000:])
        entry["load"] = loads
        entry["loadavg_after"] = os.getloadavg()
        result["servers"].append(entry)
    # The configuration closest to both latency goals is the one the goals are judged on.
    result["best"] = min(
        range(len(result["servers"])),
        key=lambda i: max(
            result["servers"][i]["load"]["dashboard"]["p95"] / DASHBOARD_P95_GOAL,
            result["servers"][i]["load"]["api"]["p95"] / API_P95_GOAL,
        ),
    )
    raws: dict[str, Any] = {}
    peers = {name: captured[name]["warm"]["sql"] for name in endpoints}
    peers["dashboard_build"] = captured["dashboard"]["miss"]["sql"]
    peers["api_build"] = captured["api"]["miss"]["sql"]
    for name, statements in peers.items():
        raws[name] = raw_peer(url, statements, args.requests, args.concurrency)
        r = raws[name]
        say(
            f"  raw {name}: {len(statements)} statements, p50 {r['p50']:.2f} ms,"
            f" p95 {r['p95']:.2f} ms, p99 {r['p99']:.2f} ms, {r['rps']:.0f} req/s"
        )
    result["raw"] = raws
    return result


def fmt_ms(x: float) -> str:
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def goals(r: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """The issue's goals, judged on the best server configuration."""
    load = r["servers"][r["best"]]["load"]
    dash, api = load["dashboard"], load["api"]
    rows = [
        (
            f"dashboard p95 ≤ {DASHBOARD_P95_GOAL} ms (cached)",
            f"{fmt_ms(dash['p95'])} ms",
            dash["p95"] <= DASHBOARD_P95_GOAL,
        ),
        (
            f"API page p95 ≤ {API_P95_GOAL} ms",
            f"{fmt_ms(api['p95'])} ms",
            api["p95"] <= API_P95_GOAL,
        ),
    ]
    for name, label in (("dashboard", "dashboard"), ("api", "API page")):
        s = load[name]
        for peer, what in (
            (f"{name}_build", "the SQL that builds its answer (cache miss)"),
            (name, "the one statement a cached request runs"),
        ):
            raw = r["raw"][peer]
            p95_ratio, rps_ratio = s["p95"] / raw["p95"], raw["rps"] / s["rps"]
            rows.append(
                (
                    f"{label} no slower than {RAW_RATIO_GOAL}× {what} (p95 latency)",
                    f"p95 {p95_ratio:.1f}× (throughput: raw {rps_ratio:.1f}× the endpoint's)",
                    p95_ratio <= RAW_RATIO_GOAL,
                )
            )
    return rows


def report(args: argparse.Namespace, r: dict[str, Any], total_seconds: float) -> list[str]:
    data = r["data"]
    t = data["target"]
    command = " ".join(["benchmarks/accountability.py", *sys.argv[1:]])
    out = [
        f"# Accountability benchmark: dashboard and pledge-list API on PostgreSQL ({r['started'][:10]})",
        "",
    ]
    if args.scale != 1:
        out += [
            f"**Scale {args.scale}: a development run, not the national-scale result** "
            "(`--scale 1` gives that).",
            "",
        ]
    out += [
        f"Machine: {machine()}.  ",
        f"Versions: {r.get('versions', '')}.  ",
        f"Run: `.venv/bin/python {command}`, {total_seconds / 60:.1f} min in all "
        f"(started {r['started']}).",
        "",
        f"## Data set (scale {args.scale}, seed {data['seed']})",
        "",
        f"{data['municipalities']} municipalities, one term (민선8기, 2022-07-01 ~ 2026-06-30) each. "
        f"Written with COPY, {BATCH_MUNICIPALITIES} municipalities per batch: "
        f"{data['rows']:,} rows in {data['load_seconds']:.1f} s "
        f"({data['rows'] / data['load_seconds']:,.0f} rows/s, generation included), "
        f"VACUUM ANALYZE {data['analyze_seconds']:.1f} s, database "
        f"{data['database_bytes'] / 2**20:,.0f} MiB; migrations before it {r['migrate_seconds']:.1f} s.",
        "",
        "| table | rows |",
        "|---|---:|",
        *[f"| {k} | {v:,} |" for k, v in data["counts"].items()],
        f"| **total** | **{data['rows']:,}** |",
        "",
    ]
    if not data["programs"]:
        out += ["Budget programs: sijeong.budgets was missing, none generated.", ""]
    if "servers" not in r:
        return out
    ep, cap, raw = r["endpoints"], r["captured"], r["raw"]
    best = r["servers"][r["best"]]
    out += [
        "## Load",
        "",
        f"The pages of {t['name']} (`{t['slug']}`), the municipality with the most pledges: "
        f"{t['pledges']} pledges ({t['on_track']} 정상추진), {t['progress']:,} progress entries, "
        f"{t['programs']} budget programs. Server: gunicorn on 127.0.0.1, `SIJEONG_DEBUG=0`, "
        f"Django's default cache (memory, per process) behind the public-cache middleware, in each configuration below. Load: "
        f"`ab -k -c {args.concurrency}`, {args.warmup} warm-up requests, then "
        f"{args.requests:,} measured per endpoint. Raw peers: the statements one request runs, "
        "and those that build the answer on a cache miss, each "
        f"captured with CaptureQueriesContext and executed as they are with psycopg (client-side "
        f"binding, as Django) from {args.concurrency} threads with a connection each, "
        f"{args.requests:,} times in all. With {args.concurrency} requests always in flight, "
        f"latency ≈ {args.concurrency} ÷ throughput for both; '1 conn.' is the p50 of "
        f"{args.serial_requests} more requests on one connection, the service time without "
        "queueing.",
        "",
        "| endpoint | server | queries | bytes | p50 ms | p95 ms | p99 ms | req/s | 1 conn. p50 ms | raw p50 ms | raw p95 ms | raw req/s | p95 ÷ raw p95 | raw req/s ÷ req/s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "dashboard": f"dashboard `{ep['dashboard']}` (cached)",
        "api": f"pledge list API `{ep['api']}`",
    }
    for name in ("dashboard", "api"):
        peer, warm = raw[name], cap[name]["warm"]
        for i, server in enumerate(r["servers"]):
            s = server["load"][name]
            mark = " **(best)**" if i == r["best"] and len(r["servers"]) > 1 else ""
            out.append(
                f"| {labels[name]} | {server['label']}{mark} | {len(warm['sql'])} | {s['bytes']:,} "
                f"| {fmt_ms(s['p50'])} | {fmt_ms(s['p95'])} | {fmt_ms(s['p99'])} "
                f"| {s['rps']:,.0f} | {fmt_ms(s['serial_p50'])} | {fmt_ms(peer['p50'])} "
                f"| {fmt_ms(peer['p95'])} "
                f"| {peer['rps']:,.0f} | {s['p95'] / peer['p95']:.1f}× "
                f"| {peer['rps'] / s['rps']:.1f}× |"
            )
    for name, title in (("dashboard", "dashboard"), ("api", "API page")):
        build, built = raw[f"{name}_build"], cap[name]["miss"]
        out.append(
            f"| {title} cache miss: the SQL that builds its answer (raw peer only) | "
            f"| {len(built['sql'])} | | | | | | | {fmt_ms(build['p50'])} | {fmt_ms(build['p95'])} "
            f"| {build['rps']:,.0f} | | |"
        )
    miss = cap["dashboard"]["miss"]
    out += [
        "",
        f"- Status codes: dashboard {cap['dashboard']['warm']['status']}, API "
        f"{cap['api']['warm']['status']}. The API page returned "
        f"{cap['api']['warm'].get('results', '?')} rows of {cap['api']['warm'].get('count', '?')} "
        "matches.",
    ]
    for server in r["servers"]:
        load = server["load"]
        before = ", ".join(f"{x:.1f}" for x in server["loadavg_before"])
        after = ", ".join(f"{x:.1f}" for x in server["loadavg_after"])
        out.append(
            f"- {server['label']}: ab counted {sum(load[n]['errors'] for n in ep)} failed and "
            f"{sum(load[n]['non_2xx'] for n in ep)} non-2xx responses; of another length than "
            f"the first: dashboard {load['dashboard']['length_varied']}, API "
            f"{load['api']['length_varied']}; kept alive: dashboard "
            f"{load['dashboard']['keep_alive']}, API {load['api']['keep_alive']}; load average "
            f"before {before}, after {after}."
        )
    cpus = os.cpu_count() or 1
    bound = {
        n: cpus * 1000 / best["load"][n]["serial_p50"] for n in ("dashboard", "api")
    }  # req/s if every core did nothing but serve requests of one connection's service time
    out += [
        f"- With {args.concurrency} requests in flight, p95 ≤ {DASHBOARD_P95_GOAL} ms needs at "
        f"least about {args.concurrency * 1000 / DASHBOARD_P95_GOAL:,.0f} req/s and p95 ≤ "
        f"{API_P95_GOAL} ms about {args.concurrency * 1000 / API_P95_GOAL:,.0f} req/s. At the "
        f"service times measured on one connection ({best['label']}: dashboard "
        f"{fmt_ms(best['load']['dashboard']['serial_p50'])} ms, API "
        f"{fmt_ms(best['load']['api']['serial_p50'])} ms), {cpus} CPUs serve at most about "
        f"{bound['dashboard']:,.0f} and {bound['api']:,.0f} req/s.",
        f"- A dashboard cache miss (build and render, one request in a warm process) took "
        f"{miss['seconds'] * 1000:,.0f} ms ({len(miss['sql'])} queries); the first request in a "
        f"fresh process {cap['dashboard']['cold']['seconds'] * 1000:,.0f} ms. Each gunicorn "
        "worker fills its own cache during the warm-up.",
        "",
        f"## Goals (issue 7), judged on {best['label']}",
        "",
        "| goal | measured | met |",
        "|---|---|---|",
        *[f"| {g} | {m} | {'met' if ok else '**not met**'} |" for g, m, ok in goals(r)],
        "",
        "The issue asks that no endpoint be slower than 3× the raw SQL it needs. 'Slower' is "
        "judged on p95 latency under the same load; the throughput ratio is shown beside it and "
        "is not part of the verdict. Two readings of 'the raw SQL it needs' are judged. Against the SQL that builds the answer, the cache is what keeps the endpoint "
        "within the goal. Against the one indexed lookup (the municipality and its data version) "
        "that a cached request runs, the ratio is Django's and the WSGI server's own cost per "
        "request over a sub-millisecond query, measured on the same two cores as the load tool "
        "and PostgreSQL.",
        "",
        "## Statements per request",
        "",
    ]
    for name, title in (
        ("dashboard", "Dashboard, cache hit (what each request of the load runs)"),
        ("api", "Pledge list API page"),
    ):
        out += [f"{title}:", "", "```sql", *cap[name]["warm"]["sql"], "```", ""]
    return out


def server_configs(args: argparse.Namespace) -> list[tuple[int, int]]:
    """``--servers "4x1,4x8"`` as (workers, threads); by default CPUs + 1 and 2 × CPUs sync
    workers, and 2 × CPUs gthread workers with enough threads for every connection. With the
    load tool and PostgreSQL on the same cores, CPUs + 1 sync workers measured best here
    (fewer processes to switch between); 2 × CPUs is gunicorn's usual advice."""
    if args.servers:
        return [(int(w), int(t)) for w, t in (item.split("x") for item in args.servers.split(","))]
    cpus = os.cpu_count() or 1
    workers = 2 * cpus
    return [(cpus + 1, 1), (workers, 1), (workers, math.ceil(args.concurrency / workers))]


def main(args: argparse.Namespace) -> int:
    started = time.perf_counter()

    def say(text: str) -> None:
        print(text, flush=True)

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
    lines = report(args, result, time.perf_counter() - started)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if "servers" in result:
        for goal, measured, ok in goals(result):
            print(f"{goal}: {measured}: {'met' if ok else 'NOT MET'}")
    print(f"\nwritten to {out} ({(time.perf_counter() - started) / 60:.1f} min)")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="share of the national data set (1 = 243 municipalities, 25,000 pledges); "
        "0.02 for a short development run",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--postgres",
        default="auto",
        help="DATABASE_URL of an empty PostgreSQL database, or 'auto' (default) for a throw-away "
        "cluster (Debian's PostgreSQL 15, as dev.py test starts it)",
    )
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=300, help="warm-up requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--serial-requests",
        type=int,
        default=200,
        help="requests on one connection, after the load",
    )
    parser.add_argument(
        "--servers",
        default="",
        help="gunicorn configurations to measure, WORKERSxTHREADS separated by commas "
        "(1 thread = sync workers, which close every connection; more = gthread, which keeps "
        "connections alive); default: CPUs + 1 and 2 × CPUs sync, 2 × CPUs gthread",
    )
    parser.add_argument("--api-query", default=API_QUERY, help="query string of the API page")
    parser.add_argument("--generate-only", action="store_true", help="stop after the data set")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "accountability.md"))
    parser.add_argument("--phase", choices=["generate", "capture"], help=argparse.SUPPRESS)
    parser.add_argument("--phase-out", help=argparse.SUPPRESS)
    parser.add_argument("--urls", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.phase:
        payload: Any = (
            generate(ARGS.scale, ARGS.seed)
            if ARGS.phase == "generate"
            else capture(json.loads(ARGS.urls))
        )
        Path(ARGS.phase_out).write_text(json.dumps(payload, default=str), encoding="utf-8")
        sys.exit(0)
    sys.exit(main(ARGS))
