"""The demo municipality: 파주시, 민선8기, with the nine pledges of category 12 「행정은 새롭다」
exactly as the pledge book (examples/001_*.txt) gives them, entered through the services.

Amounts are written as the card prints them (백만원) and converted at this edge.
Attributes whose check mark the text lost are left unset (None), never guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from sijeong.accounts.models import Role
from sijeong.accounts.services import user_create
from sijeong.core.models import Municipality, OrgUnit, OrgUnitKind
from sijeong.core.money import MoneyUnit, to_won
from sijeong.core.services import municipality_create, official_create, org_unit_create, term_create
from sijeong.pledges import services
from sijeong.pledges.models import DatePrecision, FundingSource, PledgeStatus, TargetMet

UNIT = MoneyUnit.MILLION_WON
DEMO_PASSWORD = "sijeong-demo-2026"
MONTH, DAY = DatePrecision.MONTH, DatePrecision.DAY

DEPARTMENTS = ["민원봉사과", "자치협력과", "행정지원과", "미래전략관", "공공건축과"]
TEAMS_OF_FUTURE_STRATEGY = ["기획팀", "지속가능발전팀", "미래전략1팀", "미래전략2팀"]

# (source, total_cost, prior, {year: planned}) in 백만원; None is an empty cell or "-".
Row = tuple[str, int | None, int | None, dict[int, int | None]]
T, N, P, C, PR, OT = (
    FundingSource.TOTAL,
    FundingSource.NATIONAL,
    FundingSource.PROVINCIAL,
    FundingSource.MUNICIPAL,
    FundingSource.PRIVATE,
    FundingSource.OTHER,
)


def _m(month: str) -> tuple[dt.date, str]:
    year, mon = month.split("-")
    return dt.date(int(year), int(mon), 1), MONTH


PLEDGES: list[dict[str, Any]] = [
    {
        "code": "12-1",
        "title": "원스톱 맞춤형 행정서비스 체계 구축",
        "department": "민원봉사과",
        "goal_title": "민원콜센터 설치 및 운영",
        "goal": "시민과 소통 공감하는 고품질 민원서비스 제공",
        "targets": [(2024, "콜센터 설치 및 운영")],
        "overview": (
            "사업내용: 다양한 전화민원의 효율적 대응 및 One-call, One-stop 서비스를 위한 상담채널 (콜센터) 구축\n"
            "사업비: 42억원(~ '26년)\n"
            " - 시스템 구축 및 공간 리모델링: 15억원\n"
            " - 콜센터 운영비(인건비, 유지관리비): 10억원/년"
        ),
        "phases": [
            ("1단계", "기반 구축", ["① 설계 용역 및 공간구축", "③ 운영근거(조례)제정"]),
            (
                "2단계",
                "콜센터 (단계적) 운영",
                ["① 시범운영(표준상담DB중심)", "② 상담분야 단계별 확대"],
            ),
            ("3단계", "콜센터 안정화 (고도화)", ["① 양방향 콜센터 운영확장"]),
        ],
        "plan": [("2022", "세부계획 수립"), ("2023", "운영기반 마련"), ("2024", "콜센터 운영")],
        "investment": {
            None: [
                (T, 4200, None, {2022: 22, 2023: 1372, 2024: 706, 2025: 1000, 2026: 1100}),
                (N, None, None, {}),
                (P, None, None, {}),
                (C, 4200, None, {2022: 22, 2023: 1372, 2024: 706, 2025: 1000, 2026: 1100}),
                (PR, None, None, {}),
            ]
        },
        "progress": [
            (None, None, "타 지자체 운영사례 벤치마킹 (김포시, 군포시, 광주시)"),
            (
                "2022-07",
                "2022-09",
                "민원콜센터 정보화 전략계획 용역(21백만원) 추진 중\n"
                "⇒ 파주시 인구, 전화민원량 등에 따른 적정 규모 / 공간설계\n"
                "⇒ 상담원 운영전략 비교를 통한 효과적 상담원 운영방안 수립",
            ),
            ("2022-10", None, "민원콜센터 구축 공간확정 및 세부계획 수립"),
            ("2022-11", None, "「파주시 민원콜센터 설치 및 운영에 관한 조례」 제정 추진중"),
        ],
        "status": (PledgeStatus.ON_TRACK, 20),
    },
    {
        "code": "12-2",
        "title": "청년·여성 명예시장제 운영",
        "department": "자치협력과",
        "goal": "청년·여성의 시정참여 기회 제공 및 시정에 대한 다양한 의견수렴으로 소통·참여행정 실현",
        "targets": [(2023, "명예시장 운영")],
        "overview": (
            "운영기간: 2월~11월(월2회 / 둘째, 넷째 수요일)\n"
            "* 위촉식: 당일 09:00 시장 접견실\n"
            "신분: 일일 명예직 ※ 단, 오찬 및 출장 교통편의 제공\n"
            "대상: 파주시에 주소지 또는 사업장을 두고있는 청년, 여성, 청소년, 장애인 등\n"
            "선정방법: 공고 및 청년정책담당관, 여성가족과 등 관련 부서 및 읍면동 추천\n"
            " - 공고 50%, 추천 50% 비율로 선정"
        ),
        "plan": [("2022", "연간계획 수립"), ("after_term", "청년·여성 명예시장제 운영")],
        "investment_note": "해당없음",
    },
    {
        "code": "12-3",
        "title": "시장직속 시민사회소통관 신설",
        "department": "행정지원과",
        "goal": "인구 50만을 넘어 100만을 향해 출발하는 민선8기의 시민의견 청취 및 소통 기능 강화를 위해 "
        "시장 직속으로 「시민사회소통관」을 신설",
        "targets": [(2022, "시민사회소통관 임용")],
        "overview": (
            "시민사회소통관 임용\n"
            " - 신 분: 시간선택제임기제(나급, 6급 상당) 공무원\n"
            "시민사회소통관 주요직무\n"
            " - 현장민원 및 민생현안에 관한 사항, 시장 직소민원 상담 운영\n"
            " - 주요 갈등 및 위기관리 조정 등\n"
            "* 향후, 시민사회소통관 역할의 확대·강화 필요 시, 조직개편(부서 신설) 방안 검토"
        ),
        "plan": [("2022", "시민소통관 임용")],
        "investment": {
            None: [
                (T, 270, None, {2022: 30, 2023: 60, 2024: 60, 2025: 60, 2026: 60}),
                (C, 270, None, {2022: 30, 2023: 60, 2024: 60, 2025: 60, 2026: 60}),
            ]
        },
    },
    {
        "code": "12-4",
        "title": "파주시정연구원 설립",
        "department": "미래전략관",
        "goal": "전문적인 분석을 통한 체계적인 정책개발로 책임 있는 정책수립에 기여하고 나아가 지속가능한 "
        "시정 발전을 도모코자 함",
        "targets": [(2024, "파주시정연구원 설립")],
        "overview": (
            "사업명: (가칭) 파주시정연구원 설립\n"
            "설립기준: 인구 50만(「주민등록법」에 따른 주민 수) 이상의 시('23년 총족 예정)\n"
            "내용: 정책연구 전담 연구원 설립으로 체계적 연구지원 시스템 구축"
        ),
        "plan": [
            ("2022", "시정연구 기반조성"),
            ("2023", "정책연구 지원체계 구축"),
            ("2024", "연구원 설립"),
        ],
        "investment": {
            None: [
                (T, 2250, None, {2022: None, 2023: 50, 2024: 2200}),
                (N, None, None, {}),
                (P, None, None, {}),
                (C, 2250, None, {2022: None, 2023: 50, 2024: 2200}),
                (PR, None, None, {}),
            ]
        },
    },
    {
        "code": "12-5",
        "title": "파주시 신청사 건립 추진",
        "department": "공공건축과",
        "goal_title": "신청사 건립 추진",
        "goal": "'시민추진단 구성'을 통한 시민주도형 추진",
        "targets": [(2026, "설계 공모")],
        "overview": (
            "공론화 용역: 후보지 입지분석, 주민홍보 및 의견수렴을 통한 시민 공론조사 및 결과 분석\n"
            "공론화위원회: 시민추진단 구성·운영, 부지선정 및 공론화 방안 등 주요 정책 심의의결\n"
            "시민추진단: 시민, 시민단체, 전문가 등으로 구성, 전체 시민 의견 대변, 후보지 평가 및 예정지 선정"
        ),
        "plan": [
            ("2022", "청사건립 계획 수립 공론화 조례 제정"),
            ("2023", "공론화위원회 및 시민추진단 구성·운영"),
            ("2024", "부지 선정 타당서 조사"),
            ("2025", "투자심사"),
            ("2026-06", "설계 공모"),
            ("after_term", "착공 및 준공"),
        ],
        "investment": {
            None: [
                (T, 220, None, {2023: 220}),
                (N, None, None, {}),
                (P, None, None, {}),
                (C, 220, None, {2023: 220}),
                (PR, None, None, {}),
            ]
        },
    },
    {
        "code": "12-6",
        "title": "파주시 행정융합지원센터 건립 추진",
        "department": "공공건축과",
        "goal_title": "파주시 행정융합지원센터 건립 추진",
        "goal": "파주시 행정융합지원센터 착공('24년)",
        "targets": [(2024, "공사착공")],
        "overview": (
            "사업위치: 금촌동 771-2번지 외 9필지(8,461㎡/2,559평)\n"
            "시설규모: 연면적 23,518㎡(7,114평), 지하2층~지상8층\n"
            "주요시설: 업무시설(행정) 및 지원시설\n"
            "사업기간: '19년 ~ '26년\n"
            "예산: 1,153억원(시비, 매입비 120억원 ↑, 건립비 1,033억원 + α)\n"
            "현안사항: 행정융합지원센터는 신청사 건립 추진 결과에 따라 사업계획 변경이 수반되는 사업으로 "
            "신청사 건립 시 타당성조사 재심사 등 행정절차 재추진 필요"
        ),
        "plan": [
            ("2023", "투자심사"),
            ("2024", "공사착공"),
            ("2025", "시공"),
            ("2026-06", "공사준공"),
        ],
        "investment": {
            None: [
                (T, 115300, 162, {2023: 17700, 2024: 32479, 2025: 32479, 2026: 32480}),
                (N, None, None, {}),
                (P, None, None, {}),
                (C, 115300, 162, {2023: 17700, 2024: 32479, 2025: 32479, 2026: 32480}),
                (PR, None, None, {}),
            ]
        },
    },
    {
        "code": "12-7",
        "title": "운정3동 행정복지센터 조기 착공 추진",
        "department": "공공건축과",
        "goal": "행정구역 개편 및 운정3동 인구증가에 따른 행정·민원편의를 위해 별도 행정복지센터 건립이 "
        "시급해 운정3동 행복센터 조기 착공",
        "targets": [(2023, "공사 착공")],
        "overview": (
            "사업위치: 야당동 1022번지(운정이마트 맞은편 새암공원)\n"
            "시설규모: 연면적 4,300㎡(1,300평), 지하1층 ~ 지상4층\n"
            "주요시설: 행정복지센터, 주민자치센터, 청소년 관련 시설\n"
            "사업기간: 2021. 11. ~ 2025. 10.\n"
            "예산: 178억원(시비)\n"
            " - 공사비 158억원 / 설계비·건설사업관리 20억원"
        ),
        "plan": [
            ("2022", "도시관리계획 등 변경 및 설계공모"),
            ("2023", "착공"),
            ("2024", "시공"),
            ("2025", "준공"),
        ],
        "investment": {
            None: [
                (T, 17800, 335, {2023: 580, 2024: 8443, 2025: 8442}),
                (N, None, None, {}),
                (P, None, None, {}),
                (C, 17800, 335, {2023: 580, 2024: 8443, 2025: 8442}),
                (PR, None, None, {}),
            ]
        },
        "progress": [
            ("2020-10", None, "운정3동 청사분리 계획수립(자치행정과)"),
            ("2020-12", None, "공유재산관리계획 및 2021~2025 중기지방재정계획 반영"),
            ("2021-02", None, "지방재정 투자심사(경기도)"),
            ("2021-11", None, "(재수립) 운정3동 행정복지센터 건립계획 수립(자치행정과)"),
            ("2022-01", None, "공유재산심의"),
            ("2022-07", None, "공공건축 사업계획 사전검토 완료(경기도 공공건설지원센터)"),
            ("2022-10", None, "도시관리계획 및 공원조성계획 결정(변경) 및 지형도면 고시"),
        ],
        "status": (PledgeStatus.ON_TRACK, 20),
    },
    {
        "code": "12-8",
        "title": "[조리·광탄]행정복지센터 조기 증축 완료",
        "department": "공공건축과",
        "goal": "노후된 조리읍 행정복지센터 및 광탄면 행정복지센터 조기 준공으로 민원업무 편리성 증대, "
        "지역주민 문화 프로그램 이용 확대를 통한 시민의 삶의 질 향상에 기여",
        "targets": [(2022, "공사 준공")],
        "projects": ["조리읍 행정복지센터", "광탄면 행정복지센터"],
        "overview": (
            "① 조리읍 행정복지센터\n"
            " - 사업위치: 조리읍 봉일천로 64(봉일천리 188-6,-9)\n"
            " - 시설규모: 연면적 4,581.69㎡(지하1층 / 지상4층)\n"
            " - 사업비: 145억원(건축비 133 / 기타부대비 등 12)\n"
            " - 사업기간: 2019. 5. ~ 2022. 8\n"
            "② 광탄면 행정복지센터\n"
            " - 사업위치: 광탄면 혜음로 1044 / 대지면적 6,611㎡(2,003평)\n"
            " - 시설규모: 연면적 1,194㎡(362평), 지상2층, 주차48대(법정18대)\n"
            " - 주요시설: 주민자치센터 1개동, 창고 1개동\n"
            " - 사업기간: 2021. 1. ~ 2022. 8.\n"
            " - 사업비: 38.88억원(시비)"
        ),
        "plan": [("2022", "준공", "조리읍 행정복지센터"), ("2022", "준공", "광탄면 행정복지센터")],
        "investment": {
            "조리읍 행정복지센터": [
                (T, 14524, 11178, {2022: 3346}),
                (N, None, None, {}),
                (P, None, None, {}),
                (C, None, 10578, {2022: 3346}),
                (OT, None, 600, {}),
            ],
            "광탄면 행정복지센터": [
                (T, 3888, 1030, {2022: 2858}),
                (N, None, None, {}),
                (P, None, None, {}),
                (C, 3888, 1030, {2022: 2858}),
                (PR, None, None, {}),
            ],
        },
        "progress": [
            ("2019-04", None, "지방재정 투자사업 심사", "조리읍 행정복지센터"),
            ("2019-09", None, "건축설계공모", "조리읍 행정복지센터"),
            ("2019-11", None, "중기지방재정계획 반영", "조리읍 행정복지센터"),
            ("2020-05", None, "지방재정투자 재심사", "조리읍 행정복지센터"),
            ("2020-10", None, "기존 청사 철거", "조리읍 행정복지센터"),
            ("2020-12", None, "공사 착공", "조리읍 행정복지센터"),
            ("2022-08", None, "공사 준공", "조리읍 행정복지센터"),
            ("2019-08", None, "경기도 지방재정 투자심사 승인", "광탄면 행정복지센터"),
            ("2019-12", None, "공유재산관리계획 승인", "광탄면 행정복지센터"),
            ("2020-11", None, "설계공모 공고", "광탄면 행정복지센터"),
            ("2021-09", None, "기본 및 실시설계 완료", "광탄면 행정복지센터"),
            ("2021-12", None, "공사착공", "광탄면 행정복지센터"),
            ("2022-08", None, "공사완료", "광탄면 행정복지센터"),
        ],
        "target_met": {
            2022: (
                TargetMet.YES,
                "'22. 8. 조리읍 행정복지센터 공사 준공, '22. 8. 광탄면 행정복지센터 공사완료",
            )
        },
        "status": (PledgeStatus.COMPLETED, 100),
        "completed_on": dt.date(2022, 8, 31),
    },
    {
        "code": "12-9",
        "title": "금촌 민·군 복합커뮤니티센터 조기 건립",
        "department": "공공건축과",
        "goal": "금촌 민·군 복합커뮤니티센터 준공(24년)",
        "targets": [(2024, "공사 준공")],
        "overview": (
            "사업위치: 금촌동 947-28번지(3,842㎡ / 1,162평)\n"
            "시설규모: 연면적 5,652㎡(1,710평), 지하2층/지상4층, 주차50대\n"
            "기존건물 리모델링 및 수직·수평 증축\n"
            "주요시설: 청년창업 및 골목상권 컨설팅센터, 청년키움스토어, 청소년네트워크센터, 맘카페·장난감도서관, "
            "도시재생지원센터, 사회적경제·마을공동체 지원센터, 여성커뮤니티센터 등\n"
            "사업기간: 2020. 1. ~ 2024. 3.\n"
            "사업비: 303억원(국비 80 / 시비 223)\n"
            "총사업비: 토지비 112억원, 공사비 167억원, 설계비·감리비 등 24억원"
        ),
        "plan": [("2022", "공사착공"), ("2023", "공사진행"), ("2024", "공사준공")],
        "investment": {
            None: [
                (T, 30300, 14105, {2022: 4325, 2023: 11870}),
                (N, 8840, 1600, {2022: 3180, 2023: 4060}),
                (P, 168, None, {2022: 168}),
                (C, 21292, 12505, {2022: 977, 2023: 7810}),
                (PR, None, None, {}),
            ]
        },
        "progress": [
            ("2020-05", None, "지방재정 투자심사(자체) 심의(적정)"),
            ("2020-06", None, "舊 등기소·법원 부지매입"),
            ("2020-08", None, "특수상황지역개발사업 신규사업 선정(행안부)"),
            ("2021-03", None, "지방재정 투자심사(중앙) 심의(조건부)"),
            ("2022-06", None, "기본 및 실시설계완료, 계약심사(경기도)"),
            ("2022-07", "2022-08", "계약심사 및 공사입찰 등"),
            ("2022-09", "2024-03", "공사착공 및 준공"),
        ],
        "status": (PledgeStatus.ON_TRACK, 40),
    },
]

STATUS_DATE = dt.date(2022, 11, 30)
STATUS_REASON = "2022년 11월 공약실천계획서의 추진현황 기준"

USERS = [
    ("admin", Role.ADMIN, None, "시스템 관리자"),
    ("coordinator", Role.COORDINATOR, "기획예산과", "기획예산과 공약담당"),
    ("civil", Role.DEPARTMENT_OFFICIAL, "민원봉사과", "민원봉사과 담당자"),
    ("building", Role.DEPARTMENT_OFFICIAL, "공공건축과", "공공건축과 담당자"),
    ("evaluator", Role.EVALUATOR, None, "공약이행평가단 위원"),
    ("citizen", Role.CITIZEN, None, "시민"),
]


def _won(value: int | None) -> int | None:
    return None if value is None else to_won(value, UNIT)


@transaction.atomic
def load() -> Municipality:
    """Create 파주시 with its nine category-12 pledges. Refuses to run twice."""
    if Municipality.objects.filter(name="파주시").exists():
        raise RuntimeError("파주시 데모 데이터가 이미 있습니다.")
    m = municipality_create(actor=None, name="파주시", kind="si", code="41480", slug="paju")
    term = term_create(
        actor=None, municipality=m, number=8, start=dt.date(2022, 7, 1), end=dt.date(2026, 6, 30)
    )
    units: dict[str, OrgUnit] = {
        "기획예산과": org_unit_create(
            actor=None,
            municipality=m,
            name="기획예산과",
            kind=OrgUnitKind.DIVISION,
            is_coordinating_office=True,
        ),
    }
    for name in DEPARTMENTS:
        units[name] = org_unit_create(
            actor=None, municipality=m, name=name, kind=OrgUnitKind.DIVISION
        )
    for team in TEAMS_OF_FUTURE_STRATEGY:
        units[team] = org_unit_create(
            actor=None, municipality=m, name=team, kind=OrgUnitKind.TEAM, parent=units["미래전략관"]
        )
    for name, role, phone in (
        ("이성호", "division_head", "940-4230"),
        ("조동준", "team_lead", "940-4058"),
        ("이은지", "officer", "940-4053"),
    ):
        official_create(actor=None, org_unit=units["미래전략관"], name=name, role=role, phone=phone)

    category = services.category_create(
        actor=None,
        municipality=m,
        term=term,
        code="12",
        title="행정은 새롭다",
        vision="시민중심 자족도시",
    )
    for spec in PLEDGES:
        _load_pledge(spec, category, units)

    for username, role, unit, label in USERS:
        user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            municipality=None if role == Role.ADMIN else m,
            org_unit=units[unit] if unit else None,
            display_name=label,
        )
    return m


def _load_pledge(spec: dict[str, Any], category: Any, units: dict[str, OrgUnit]) -> None:
    pledge = services.pledge_create(
        actor=None,
        category=category,
        code=spec["code"],
        title=spec["title"],
        lead_department=units[spec["department"]],
        goal_title=spec.get("goal_title", ""),
        goal=spec["goal"],
        overview=spec.get("overview", ""),
        investment_unit=UNIT,
        investment_note=spec.get("investment_note", ""),
    )
    projects = {
        name: services.project_save(actor=None, pledge=pledge, name=name, order=i)
        for i, name in enumerate(spec.get("projects", []))
    }
    for i, (name, title, items) in enumerate(spec.get("phases", [])):
        services.phase_save(actor=None, pledge=pledge, name=name, title=title, items=items, order=i)
    met = spec.get("target_met", {})
    for year, target in spec["targets"]:
        result, evidence = met.get(year, (TargetMet.UNKNOWN, ""))
        services.target_save(
            actor=None, pledge=pledge, year=year, target=target, met=result, evidence=evidence
        )
    for period, plan, *project in spec["plan"]:
        services.plan_save(
            actor=None,
            pledge=pledge,
            period=period,
            plan=plan,
            project=projects[project[0]] if project else None,
        )
    for project_name, rows in spec.get("investment", {}).items():
        for source, total_cost, prior, years in rows:
            row = services.investment_row_save(
                actor=None,
                pledge=pledge,
                source=source,
                total_cost=_won(total_cost),
                prior=_won(prior),
                project=projects.get(project_name),
            )
            for year, planned in years.items():
                services.investment_year_save(actor=None, row=row, year=year, planned=_won(planned))
    for i, (start, end, text, *project) in enumerate(spec.get("progress", [])):
        date, precision = _m(start) if start else (None, DAY)
        date_end, end_precision = _m(end) if end else (None, DAY)
        services.progress_save(
            actor=None,
            pledge=pledge,
            text=text,
            date=date,
            precision=precision,
            date_end=date_end,
            end_precision=end_precision,
            project=projects[project[0]] if project else None,
            order=i,
        )
    if "status" in spec:
        status, pct = spec["status"]
        if status == PledgeStatus.COMPLETED:
            services.pledge_change_status(
                actor=None,
                pledge=pledge,
                to_status=PledgeStatus.ON_TRACK,
                progress_pct=80,
                reason=STATUS_REASON,
                effective_on=dt.date(2022, 7, 1),
            )
        services.pledge_change_status(
            actor=None,
            pledge=pledge,
            to_status=status,
            progress_pct=pct,
            reason=STATUS_REASON,
            completed_on=spec.get("completed_on"),
            effective_on=spec.get("completed_on") or STATUS_DATE,
        )
