"""Merges and splits of pledges, what they do to the rates, and the checks of reported 완료."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from sijeong.core.errors import DomainError, Forbidden, InvalidInput
from sijeong.core.models import AuditEntry
from sijeong.pledges import evaluation, lineage, services
from sijeong.pledges.evaluation import Ratio
from sijeong.pledges.models import Pledge, PledgeCategory, PledgeLineage, PledgeLineageLink
from sijeong.pledges.tests.conftest import City
from sijeong.reports import evaluation_report

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 1, 31)


def _new(city: City, code: str, title: str, dept: str = "민원봉사과") -> Pledge:
    return services.pledge_create(
        actor=city.user("coordinator"),
        category=PledgeCategory.objects.get(term=city.term, code=code.split("-")[0]),
        code=code,
        title=title,
        lead_department=city.units[dept],
    )


def _complete(pledge: Pledge, on: dt.date = dt.date(2024, 6, 30)) -> None:
    if pledge.status == "reviewing":
        services.pledge_change_status(actor=None, pledge=pledge, to_status="on_track")
    services.pledge_change_status(actor=None, pledge=pledge, to_status="completed", completed_on=on)


def _merge_then_split(city: City) -> None:
    """1-1, 1-2, 1-3 (none completed) merged into a new 1-4, which is completed; 2-1 split into
    2-2 (completed) and 2-3."""
    merged = _new(city, "1-4", "민원 서비스 통합")
    lineage.pledge_merge(
        actor=city.user("coordinator"),
        sources=[city.pledge("1-1"), city.pledge("1-2"), city.pledge("1-3")],
        into=merged,
        reason="민원 공약 셋을 하나로 관리",
        effective_on=DAY,
    )
    _complete(city.pledge("1-4"))
    a = _new(city, "2-2", "신청사 설계", "공공건축과")
    b = _new(city, "2-3", "신청사 공사", "공공건축과")
    lineage.pledge_split(
        actor=city.user("admin"),
        source=city.pledge("2-1"),
        into=[a, b],
        reason="설계와 공사를 나눠 관리",
        effective_on=DAY,
    )
    _complete(city.pledge("2-2"))


def test_merge_and_split_are_recorded_and_audited(city: City) -> None:
    audit_start = AuditEntry.objects.count()
    _merge_then_split(city)
    assert lineage.retired_ids(city.term) == {
        city.pledge(c).pk for c in ("1-1", "1-2", "1-3", "2-1")
    }
    assert lineage.created_ids(city.term) == {city.pledge(c).pk for c in ("1-4", "2-2", "2-3")}
    assert [
        (x.kind, x.sources, x.results, x.reason, x.text) for x in lineage.lineage_of_term(city.term)
    ] == [
        (
            "병합",
            ["1-1", "1-2", "1-3"],
            ["1-4"],
            "민원 공약 셋을 하나로 관리",
            "[1-1], [1-2], [1-3] → [1-4] 병합",
        ),
        ("분할", ["2-1"], ["2-2", "2-3"], "설계와 공사를 나눠 관리", "[2-1] → [2-2], [2-3] 분할"),
    ]
    assert [x.text for x in lineage.lineage_of_pledge(city.pledge("2-3"))] == [
        "[2-1] → [2-2], [2-3] 분할"
    ]
    entries = AuditEntry.objects.filter(pk__gt=0, object_type="pledges.pledgelineage").order_by(
        "id"
    )
    assert [(e.action, e.after, e.reason) for e in entries] == [
        (
            "pledge_merge",
            {
                "kind": "merge",
                "sources": ["1-1", "1-2", "1-3"],
                "results": ["1-4"],
                "effective_on": "2024-01-31",
            },
            "민원 공약 셋을 하나로 관리",
        ),
        (
            "pledge_split",
            {
                "kind": "split",
                "sources": ["2-1"],
                "results": ["2-2", "2-3"],
                "effective_on": "2024-01-31",
            },
            "설계와 공사를 나눠 관리",
        ),
    ]
    # 2 lineages, 3 new pledges, 2 status changes each for 1-4 and 2-2
    assert AuditEntry.objects.count() - audit_start == 9


def test_rates_with_and_without_the_merge_and_split(city: City) -> None:
    services.target_save(actor=None, pledge=city.pledge("1-1"), year=2024, target="창구 1곳")
    _merge_then_split(city)
    services.target_save(
        actor=None, pledge=city.pledge("1-4"), year=2024, target="통합 창구", met="yes"
    )
    assert evaluation.completion_rate(city.term) == Ratio(2, 3)
    assert evaluation.completion_rate(city.term, lineage=False) == Ratio(0, 4)
    assert evaluation.target_attainment(city.term, 2024) == Ratio(1, 1)
    assert evaluation.target_attainment(city.term, 2024, lineage=False) == Ratio(0, 1)
    assert evaluation.counts_by_status(city.term)["completed"] == 2
    assert sum(evaluation.counts_by_status(city.term).values()) == 3
    quarters = evaluation.status_by_quarter(city.term, dt.date(2024, 9, 30))
    assert quarters[-1].by_status["completed"] == 2
    assert sum(quarters[-1].by_status.values()) == 3

    report = evaluation_report.build(city.municipality, city.term, as_of=dt.date(2024, 9, 30))
    assert report.lineage_rows == [
        ["완료율", "2개 ÷ 3개 × 100 = 66.7%", "0개 ÷ 4개 × 100 = 0.0%", "+66.7%p"],
        ["목표달성도 (2024년)", "1개 ÷ 1개 × 100 = 100.0%", "0개 ÷ 1개 × 100 = 0.0%", "+100.0%p"],
    ]
    assert report.lineage_lines == [
        "2024. 1. 31. [1-1], [1-2], [1-3] → [1-4] 병합 (사유: 민원 공약 셋을 하나로 관리)",
        "2024. 1. 31. [2-1] → [2-2], [2-3] 분할 (사유: 설계와 공사를 나눠 관리)",
    ]
    assert report.figures[0].lineage_difference == "+66.7%p"
    assert report.figures[0].ratio.percent == Decimal("66.7")


def test_without_lineage_every_figure_is_computed_once(city: City) -> None:
    report = evaluation_report.build(city.municipality, city.term, as_of=dt.date(2024, 9, 30))
    assert [f.without_lineage for f in report.figures] == [None] * 8
    assert report.lineage_rows == []
    assert report.lineage_lines == []


def test_completion_checks_flag_unmet_targets_and_unspent_money(city: City) -> None:
    _merge_then_split(city)
    p = city.pledge("1-4")
    services.target_save(actor=None, pledge=p, year=2024, target="통합 창구", met="yes")
    row = services.investment_row_save(actor=None, pledge=p, source="municipal")
    services.investment_year_save(
        actor=None, row=row, year=2023, planned=100_000_000, secured=100_000_000, spent=40_000_000
    )
    # money planned after the completion year is not expected to be spent yet
    services.investment_year_save(actor=None, row=row, year=2025, planned=50_000_000)
    total = services.investment_row_save(actor=None, pledge=p, source="total")
    services.investment_year_save(actor=None, row=total, year=2023, planned=100_000_000)
    q = city.pledge("2-3")
    services.target_save(actor=None, pledge=q, year=2023, target="착공", met="yes")
    services.target_save(actor=None, pledge=q, year=2025, target="준공", met="no")
    _complete(q)
    r = _new(city, "2-4", "청사 주차장", "공공건축과")
    services.target_save(actor=None, pledge=r, year=2024, target="주차면 100면", met="unknown")
    _complete(r)
    s = _new(city, "2-5", "청사 안내판", "공공건축과")
    services.target_save(actor=None, pledge=s, year=2024, target="안내판 10개", met="yes")
    _complete(s)  # met and no money: nothing to flag

    checks = evaluation.completion_checks(city.term)
    assert [(c.code, c.status, c.problems) for c in checks] == [
        (
            "1-4",
            "완료",
            [
                "2024년까지 계획액 100,000,000원(확보 100,000,000원) 중 40,000,000원만 집행했습니다 "
                "(집행률 40.0%, 미집행 60,000,000원)"
            ],
        ),
        ("2-2", "완료", ["달성목표가 없어 완료를 확인할 수 없습니다"]),
        ("2-3", "완료", ["최종 달성목표(2025년 「준공」)가 '미달성'입니다"]),
        ("2-4", "완료", ["최종 달성목표(2024년 「주차면 100면」)가 '미확인'입니다"]),
    ]
    report = evaluation_report.build(city.municipality, city.term, as_of=dt.date(2024, 9, 30))
    assert report.check_rows[2] == [
        "[2-3] 신청사 공사",
        "완료",
        "최종 달성목표(2025년 「준공」)가 '미달성'입니다",
    ]
    assert len(report.check_rows) == 4


# --- refusals: nothing written ---------------------------------------------------------------


def _counts() -> tuple[int, int, int]:
    return (
        PledgeLineage.objects.count(),
        PledgeLineageLink.objects.count(),
        AuditEntry.objects.count(),
    )


def refused(
    call: Callable[[], object], message: str, error: type[DomainError] = InvalidInput
) -> None:
    before = _counts()
    with pytest.raises(error) as info:
        call()
    assert type(info.value) is error
    assert info.value.message == message
    assert _counts() == before


def test_only_the_coordinating_office_records_lineage(city: City) -> None:
    merged = _new(city, "1-4", "민원 서비스 통합")
    sources = [city.pledge("1-1"), city.pledge("1-2")]
    for name in ("civil", "ev1", "citizen", "other_coordinator"):
        refused(
            lambda name=name: lineage.pledge_merge(
                actor=city.user(name), sources=sources, into=merged, reason="통합"
            ),
            "공약 병합·분할은 총괄부서(기획예산과)만 기록할 수 있습니다.",
            Forbidden,
        )
        refused(
            lambda name=name: lineage.pledge_split(
                actor=city.user(name), source=city.pledge("1-3"), into=sources, reason="분할"
            ),
            "공약 병합·분할은 총괄부서(기획예산과)만 기록할 수 있습니다.",
            Forbidden,
        )


def test_bad_merges_and_splits_are_refused(city: City) -> None:
    coordinator = city.user("coordinator")
    merged = _new(city, "1-4", "민원 서비스 통합")
    p11, p12, p13 = city.pledge("1-1"), city.pledge("1-2"), city.pledge("1-3")
    refused(
        lambda: lineage.pledge_merge(actor=coordinator, sources=[p11], into=merged, reason="통합"),
        "병합하려면 공약이 둘 이상 있어야 합니다.",
    )
    refused(
        lambda: lineage.pledge_merge(
            actor=coordinator, sources=[p11, p11], into=merged, reason="통합"
        ),
        "병합할 공약에 [1-1]이(가) 두 번 있습니다.",
    )
    refused(
        lambda: lineage.pledge_merge(
            actor=coordinator, sources=[p11, p12], into=merged, reason=" "
        ),
        "병합·분할 사유을(를) 입력하세요.",
    )
    refused(
        lambda: lineage.pledge_split(actor=coordinator, source=p13, into=[merged], reason="분할"),
        "분할하려면 결과 공약이 둘 이상 있어야 합니다.",
    )
    refused(
        lambda: lineage.pledge_merge(
            actor=coordinator,
            sources=[p11, p12],
            into=merged,
            reason="통합",
            effective_on=dt.date(2999, 1, 1),
        ),
        f"기준일 2999-01-01은(는) 오늘({timezone.localdate()}) 뒤일 수 없습니다.",
    )
    lineage.pledge_merge(actor=coordinator, sources=[p11, p12], into=merged, reason="통합")
    refused(
        lambda: lineage.pledge_merge(
            actor=coordinator, sources=[p11, p13], into=merged, reason="다시"
        ),
        "이전 공약 [1-1]은(는) 이미 병합·분할되어 평가에서 빠진 공약입니다.",
    )
    refused(
        lambda: lineage.pledge_split(
            actor=coordinator, source=p13, into=[merged, p12], reason="분할"
        ),
        "결과 공약 [1-2]은(는) 이미 병합·분할되어 평가에서 빠진 공약입니다.",
    )


def test_a_merge_into_one_of_its_sources_keeps_that_one(city: City) -> None:
    p11, p12 = city.pledge("1-1"), city.pledge("1-2")
    lineage.pledge_merge(
        actor=city.user("coordinator"), sources=[p11, p12], into=p11, reason="흡수"
    )
    assert lineage.retired_ids(city.term) == {p12.pk}
    assert lineage.created_ids(city.term) == set()
    assert evaluation.completion_rate(city.term) == Ratio(0, 3)
    assert evaluation.completion_rate(city.term, lineage=False) == Ratio(0, 4)


def test_hwpx_and_pdf_reports_print_the_lineage_section(city: City) -> None:
    import io

    from hwpx import HwpxDocument
    from pypdf import PdfReader

    from sijeong.reports import exports

    _merge_then_split(city)
    doc = HwpxDocument.open(exports.report(city.municipality, fmt="hwpx", as_of=DAY).content)
    try:
        lines = doc.text.plain().splitlines()
        tables = doc.tables.all
        flags = [[tables[4].cell(r, c).text for c in range(4)] for r in range(2)]
    finally:
        doc.close()
    start = lines.index("5. 병합·분할과 완료 점검")
    assert lines[start : start + 4] == [
        "5. 병합·분할과 완료 점검",
        "5-1. 병합·분할에 따른 지표 변화",
        "- 2024. 1. 31. [1-1], [1-2], [1-3] → [1-4] 병합 (사유: 민원 공약 셋을 하나로 관리)",
        "- 2024. 1. 31. [2-1] → [2-2], [2-3] 분할 (사유: 설계와 공사를 나눠 관리)",
    ]
    assert flags == [
        ["지표", "병합·분할 반영", "병합·분할 전 기준", "차이"],
        ["완료율", "2개 ÷ 3개 × 100 = 66.7%", "0개 ÷ 4개 × 100 = 0.0%", "+66.7%p"],
    ]
    pdf = PdfReader(io.BytesIO(exports.report(city.municipality, fmt="pdf", as_of=DAY).content))
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "+66.7%p" in text
    assert "달성목표가 없어 완료를 확인할 수 없습니다" in text


def test_pledge_page_and_api_show_the_lineage(city: City) -> None:
    from django.test import Client

    _merge_then_split(city)
    html = Client().get("/siheom/pledges/1-4/").content.decode()
    assert (
        "<li>2024. 1. 31. [1-1], [1-2], [1-3] → [1-4] 병합 — 사유: 민원 공약 셋을 하나로 관리</li>"
    ) in html
    data = Client().get("/api/v1/siheom/pledges/2-1/changes").json()
    assert data["lineage"] == [
        {
            "kind": "분할",
            "effective_on": "2024-01-31",
            "sources": ["2-1"],
            "results": ["2-2", "2-3"],
            "reason": "설계와 공사를 나눠 관리",
        }
    ]
