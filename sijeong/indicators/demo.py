"""The indicator part of the demo for 파주시. Called by :mod:`sijeong.demo` after budgets and
proposals. Everything goes through the services; what no seed states is marked 예시.

- 민선8기 공약 정책지표 (seed 001): one indicator per pledge whose card gives yearly goals.
  The cards' goals are milestones, not numbers, so each becomes "추진 단계" counted in the
  order of the card's 연도별 추진계획 (formula says which stage is which), or a count where the
  card counts (12-8: two centres). Actuals only where the card's 추진현황 states them
  (12-1: '22. 10. 세부계획 수립; 12-8: '22. 8. 두 센터 준공). Linked to their pledge, the
  pledge's sample budget programs and the work-plan projects the budget demo linked to it.
- 지속가능발전 지표 (예시 자료): seed 000 says only that a 20-year strategy will "discover
  indicators". Goals, indicators, targets and actuals are invented and marked 예시 throughout;
  they show each status of the rule.
- 파주형 인구정책 (seed 000): the three stated aims and the stated counts 4 분야 / 12 전략 /
  103 과제 are kept on the plan. The seed names no area or strategy: the 4 areas and 12
  strategies here are 예시 (3 per area is also an assumption). The three tasks are the seed's own
  (인구교육, 인구정책위원회, 2040 도시기본계획과 연계한 인구계획 반영); the other 100 are not made up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sijeong.budgets import selectors as budgets
from sijeong.budgets.models import WorkPlanProject
from sijeong.core.models import Municipality, OrgUnit
from sijeong.core.selectors import org_units, term_get
from sijeong.indicators import services
from sijeong.indicators.models import IndicatorSet, SetKind, TaskStatus
from sijeong.pledges.selectors import pledge_get

SAMPLE = "예시 자료"
POLICY_SET = "민선8기 공약 정책지표"
SUSTAINABILITY_SET = "파주시 지속가능발전 지표 (예시 자료)"
POPULATION_SET = "파주형 인구정책 시행계획"
SEED_001 = "파주시 민선8기 공약실천계획서 (예시 문서 001)"
SEED_000 = "2023 미래전략관 주요업무계획 (예시 문서 000)"

#: code → (name, unit, {year: target}, formula); stages in the card's 연도별 추진계획 order
PLEDGE_INDICATORS: dict[str, tuple[str, str, dict[int, int], str]] = {
    "12-1": (
        "민원콜센터 추진 단계",
        "단계",
        {2022: 1, 2023: 2, 2024: 3},
        "완료한 단계 수 (1 세부계획 수립 · 2 운영기반 마련 · 3 콜센터 운영)",
    ),
    "12-4": (
        "파주시정연구원 설립 추진 단계",
        "단계",
        {2022: 1, 2023: 2, 2024: 3},
        "완료한 단계 수 (1 시정연구 기반조성 · 2 정책연구 지원체계 구축 · 3 연구원 설립)",
    ),
    "12-5": (
        "신청사 건립 추진 단계",
        "단계",
        {2022: 1, 2023: 2, 2024: 3, 2025: 4, 2026: 5},
        "완료한 단계 수 (1 청사건립 계획 수립·공론화 조례 제정 · 2 공론화위원회 및 시민추진단 "
        "구성·운영 · 3 부지 선정 타당성 조사 · 4 투자심사 · 5 설계 공모)",
    ),
    "12-7": (
        "운정3동 행정복지센터 건립 단계",
        "단계",
        {2022: 1, 2023: 2, 2024: 3, 2025: 4},
        "완료한 단계 수 (1 도시관리계획 등 변경 및 설계공모 · 2 착공 · 3 시공 · 4 준공)",
    ),
    "12-8": (
        "행정복지센터 증축 준공 (조리읍·광탄면)",
        "개소",
        {2022: 2},
        "준공한 행정복지센터 수 (조리읍, 광탄면)",
    ),
    "12-9": (
        "금촌 민·군 복합커뮤니티센터 건립 단계",
        "단계",
        {2022: 1, 2023: 2, 2024: 3},
        "완료한 단계 수 (1 공사착공 · 2 공사진행 · 3 공사준공)",
    ),
}
#: code → (year, value, measured on, evidence) as the card's 추진현황 states it
PLEDGE_ACTUALS = {
    "12-1": (
        2022,
        1,
        dt.date(2022, 10, 31),
        "공약실천계획서 추진현황: '22. 10. 민원콜센터 구축 공간확정 및 세부계획 수립 "
        "(원문은 월까지만 적어 측정일을 그달 말로 둠)",
    ),
    "12-8": (
        2022,
        2,
        dt.date(2022, 8, 31),
        "공약실천계획서 추진현황: 조리읍 '22. 8. 공사 준공, 광탄면 '22. 8. 공사완료 "
        "(원문은 월까지만 적어 측정일을 그달 말로 둠)",
    ),
}

SAMPLE_EVIDENCE = "예시 자료: 화면을 보여 주려고 만든 값이며 실제 측정값이 아닙니다."
#: (number, title, SDG) of the sample goals
GOALS = [
    (1, "모두가 건강하고 행복한 삶", 3),
    (2, "깨끗하고 적정한 에너지", 7),
    (3, "지속가능한 도시와 공동체", 11),
    (4, "기후변화 대응", 13),
]
#: code, goal, name, unit, direction, baseline (year, value), targets, actuals {year: value}
SUSTAINABILITY = [
    ("S-1", 1, "국가건강검진 수검률", "%", "increase", (2022, "70.0"),
     {2024: "72", 2026: "75", 2030: "80"}, {2023: "71.0", 2024: "72.5"}),
    ("S-2", 2, "신재생에너지 발전 비율", "%", "increase", (2022, "3.0"),
     {2025: "6", 2030: "10"}, {2023: "3.8", 2024: "4.9", 2025: "5.7"}),
    ("S-3", 3, "1인당 생활권 공원면적", "㎡", "increase", (2022, "9.0"),
     {2026: "11", 2030: "12"}, {2023: "9.1", 2024: "9.1", 2025: "9.2"}),
    ("S-4", 4, "온실가스 배출량", "천tCO₂eq", "decrease", (2018, "3000"),
     {2030: "1800"}, {}),
    ("S-5", 4, "1인당 생활폐기물 발생량", "kg/일", "decrease", (2022, "1.05"),
     {2026: "0.95", 2030: "0.90"}, {2023: "1.02", 2024: "0.99", 2025: "0.97"}),
]  # fmt: skip

POPULATION_AIMS = ["아이키우기 편한도시", "계속 살고 싶은 도시", "인구변화 대응 혁신도시"]
#: the sample areas (예시) with their sample strategies, 3 each
AREAS = [
    ("출산·양육 지원", ["임신·출산 지원 확대", "돌봄 기반 확충", "양육 부담 덜기"]),
    ("청년·가족이 머무는 정주 여건", ["청년 일자리·주거", "생활 기반 시설", "가족친화 문화"]),
    ("고령사회 대응", ["건강한 노후", "노인 일자리·사회참여", "지역 돌봄 체계"]),
    ("인구변화 대응 혁신", ["인구 인식 개선", "인구정책 추진체계", "인구구조 변화와 도시계획"]),
]


def _unit(city: Municipality, name: str) -> OrgUnit | None:
    return org_units(city).filter(name=name).first()


def paju(city: Municipality) -> list[IndicatorSet]:
    return [_policy(city), _sustainability(city), _population(city)]


def _policy(city: Municipality) -> IndicatorSet:
    term = term_get(city, 8)
    s = services.indicator_set_create(
        actor=None,
        municipality=city,
        kind=SetKind.POLICY,
        title=POLICY_SET,
        start_year=2022,
        end_year=2026,
        source_document=SEED_001,
        description=(
            "공약실천계획서의 공약달성목표와 연도별 추진계획을 지표로 옮겼습니다. 계획서의 목표가 "
            "단계(설계 공모, 착공 등)라서, 추진계획 표의 순서대로 완료한 단계 수를 셉니다. "
            "실적은 계획서의 추진현황에 적힌 것만 넣었습니다."
        ),
        order=1,
    )
    for order, (code, (name, unit, targets, formula)) in enumerate(PLEDGE_INDICATORS.items(), 1):
        pledge = pledge_get(city, term, code)
        indicator = services.indicator_create(
            actor=None,
            indicator_set=s,
            code=f"P-{code}",
            name=name,
            unit=unit,
            direction="increase",
            source=f"{SEED_001} [{code}] 공약달성목표·연도별 추진계획",
            formula=formula,
            baseline_value=0,
            baseline_year=2021,
            department=pledge.lead_department,
            order=order,
        )
        services.targets_set(actor=None, indicator=indicator, targets=targets)
        if code in PLEDGE_ACTUALS:
            year, value, measured_on, evidence = PLEDGE_ACTUALS[code]
            services.actual_record(
                actor=None,
                indicator=indicator,
                year=year,
                value=value,
                measured_on=measured_on,
                evidence=evidence,
            )
        services.link_add(actor=None, indicator=indicator, target=pledge)
        for program in budgets.program_list(city, pledge=pledge):
            services.link_add(actor=None, indicator=indicator, target=program)
        for project in budgets.projects_for_pledge(pledge):
            services.link_add(actor=None, indicator=indicator, target=project)
    return s


def _work_plan_project(city: Municipality, name_part: str) -> WorkPlanProject | None:
    for plan in budgets.work_plan_list(city, year=2023):
        for project in budgets.work_plan_get(city, plan.pk).projects.all():
            if name_part in project.name:
                return project
    return None


def _sustainability(city: Municipality) -> IndicatorSet:
    s = services.indicator_set_create(
        actor=None,
        municipality=city,
        kind=SetKind.SUSTAINABILITY,
        title=SUSTAINABILITY_SET,
        start_year=2023,
        end_year=2042,
        source_document=f"{SEED_000}: 20년 단위 지속가능발전 기본전략 수립 용역 (지표 발굴 예정)",
        description=(
            "업무계획은 지속가능성 평가 지표를 '발굴'한다고만 적고 있습니다. 여기의 목표·지표·"
            "목표값·실적은 모두 화면을 보여 주려고 만든 예시 자료이며 파주시의 실제 지표가 아닙니다."
        ),
        is_sample=True,
        order=2,
    )
    goals = {
        n: services.goal_create(
            actor=None, indicator_set=s, number=n, title=title, sdg=sdg, is_sample=True
        )
        for n, title, sdg in GOALS
    }
    team = _unit(city, "지속가능발전팀")
    project = _work_plan_project(city, "지속가능발전")
    for order, (code, goal, name, unit, direction, base, targets, actuals) in enumerate(
        SUSTAINABILITY, 1
    ):
        indicator = services.indicator_create(
            actor=None,
            indicator_set=s,
            code=code,
            name=name,
            unit=unit,
            direction=direction,
            goal=goals[goal],
            source=SAMPLE,
            baseline_year=base[0],
            baseline_value=Decimal(base[1]),
            department=team,
            description=SAMPLE_EVIDENCE,
            is_sample=True,
            order=order,
        )
        services.targets_set(actor=None, indicator=indicator, targets=targets)
        for year, value in actuals.items():
            services.actual_record(
                actor=None,
                indicator=indicator,
                year=year,
                value=value,
                measured_on=dt.date(year + 1, 3, 31),
                evidence=SAMPLE_EVIDENCE,
            )
        if project is not None:
            services.link_add(actor=None, indicator=indicator, target=project)
    return s


def _population(city: Municipality) -> IndicatorSet:
    s = services.indicator_set_create(
        actor=None,
        municipality=city,
        kind=SetKind.PLAN,
        title=POPULATION_SET,
        start_year=2022,
        end_year=2026,
        source_document=f"{SEED_000} 연례반복·일상사업 '저출생·고령사회 대응 인구 정책 추진'",
        description=(
            "업무계획은 '아이키우기 편한도시', '계속 살고 싶은 도시', '인구변화 대응 혁신도시'를 "
            "목표로 4대 분야 12개 전략, 103개 과제를 추진한다고 적고 수만 밝힙니다. 분야·전략 "
            "이름은 예시이고(분야마다 전략 3개도 가정), 과제는 업무계획에 적힌 3개만 등록했습니다. "
            "기간(2022~2026년)도 예시입니다."
        ),
        order=3,
    )
    owner = _unit(city, "미래전략관")
    plan = services.plan_create(
        actor=None,
        indicator_set=s,
        aims=POPULATION_AIMS,
        department=owner,
        stated_areas=4,
        stated_strategies=12,
        stated_tasks=103,
    )
    strategies = {}
    for a, (area_title, strategy_titles) in enumerate(AREAS, 1):
        area = services.plan_area_create(
            actor=None, plan=plan, number=a, title=area_title, is_sample=True
        )
        for n, title in enumerate(strategy_titles, 1):
            strategies[(a, n)] = services.plan_strategy_create(
                actor=None, area=area, number=n, title=title, is_sample=True
            )
    education = services.plan_task_create(
        actor=None,
        strategy=strategies[(4, 1)],
        number=1,
        title="저출산·고령사회 인구정책 인식개선 교육",
        lead_department=owner,
        description="관내 중·고생 대상 찾아가는 인구교육. 2023년: 6개 중·고등학교 학생 대상.",
    )
    services.task_progress_save(
        actor=None,
        task=education,
        year=2022,
        text="인구교육 뮤지컬 '백투더퓨처' 공연 개최(3회)",
    )
    services.task_progress_save(
        actor=None,
        task=education,
        year=2023,
        text="2023년 인구정책 인식개선 교육 계획: 6개 중·고등학교 학생 대상",
    )
    services.plan_task_set_status(
        actor=None,
        task=education,
        status=TaskStatus.ON_TRACK,
        reason="2023 업무계획 연례반복사업 (2022년 공연 3회, 2023년 교육 계획)",
    )
    committee = services.plan_task_create(
        actor=None,
        strategy=strategies[(4, 2)],
        number=1,
        title="인구정책위원회 운영",
        lead_department=owner,
        description="시행계획 자문, 사업 발굴 및 제안",
    )
    services.plan_task_set_status(
        actor=None,
        task=committee,
        status=TaskStatus.ON_TRACK,
        reason="2023 업무계획 연례반복사업: 인구정책위원회 운영",
    )
    services.plan_task_create(
        actor=None,
        strategy=strategies[(4, 3)],
        number=1,
        title="'2040 파주도시기본계획'과 연계한 인구계획(정책사업) 반영",
        lead_department=_unit(city, "미래전략1팀") or owner,
        description="성장거점 개발구상 용역의 향후 추진계획",
    )
    schools = services.indicator_create(
        actor=None,
        indicator_set=s,
        plan_task=education,
        code="POP-1",
        name="찾아가는 인구교육 참여 학교 수",
        unit="개교",
        direction="increase",
        source=f"{SEED_000} 연례반복·일상사업 추진계획",
        formula="인구정책 인식개선 교육을 받은 관내 중·고등학교 수",
        department=owner,
        order=1,
    )
    services.targets_set(actor=None, indicator=schools, targets={2023: 6})
    musical = services.indicator_create(
        actor=None,
        indicator_set=s,
        plan_task=education,
        code="POP-2",
        name="인구교육 뮤지컬 공연 횟수",
        unit="회",
        direction="increase",
        source=f"{SEED_000} 추진 성과",
        formula="인구교육 뮤지컬 '백투더퓨처' 공연 횟수 (목표는 문서에 없음)",
        department=owner,
        order=2,
    )
    services.actual_record(
        actor=None,
        indicator=musical,
        year=2022,
        value=3,
        measured_on=dt.date(2022, 12, 31),
        evidence=(
            "2023 업무계획의 추진 성과: 인구교육 뮤지컬 '백투더퓨처' 공연 개최(3회) "
            "(원문에 공연 일자가 없어 측정일을 2022년 말로 둠)"
        ),
    )
    project = _work_plan_project(city, "시민지향적 정책")
    if project is not None:
        services.link_add(actor=None, indicator=schools, target=project)
    return s
