"""The evaluation report as PDF (reportlab). Text is set in the Adobe-Korea CID fonts that every
PDF reader carries (HYSMyeongJo-Medium for body text, HYGothic-Medium for headings), so no font
file ships with the product and the text stays searchable and extractable."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sijeong.reports.evaluation_report import EvaluationReport

BODY_FONT = "HYSMyeongJo-Medium"
HEADING_FONT = "HYGothic-Medium"
for _name in (BODY_FONT, HEADING_FONT):
    if _name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_name))

TITLE = ParagraphStyle("title", fontName=HEADING_FONT, fontSize=17, leading=24, spaceAfter=4)
HEADING = ParagraphStyle(
    "heading", fontName=HEADING_FONT, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4
)
BODY = ParagraphStyle("body", fontName=BODY_FONT, fontSize=9.5, leading=14)
NOTE = ParagraphStyle(
    "note", parent=BODY, fontSize=8.5, leading=12, textColor=colors.HexColor("#333333")
)
# Table cells wrap anywhere a Hangul syllable allows: columns are narrow.
CELL = ParagraphStyle("cell", fontName=BODY_FONT, fontSize=8.5, leading=11.5, wordWrap="CJK")
HEAD_CELL = ParagraphStyle("head", parent=CELL, fontName=HEADING_FONT)

WIDTH = A4[0] - 30 * mm


# The Adobe-Korea1 CMap (UniKS-UCS2-H) has no U+00B7 MIDDLE DOT: it gives KS X 1001's 가운뎃점
# the code point U+30FB, so "조리·광탄" is set with that (text extracted from the PDF reads ・).
_CMAP_SUBSTITUTES = str.maketrans({"\u00b7": "\u30fb"})


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text.translate(_CMAP_SUBSTITUTES)), style)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], weights: Sequence[int]) -> Table:
    total = sum(weights)
    data = [[_p(h, HEAD_CELL) for h in header]] + [[_p(v, CELL) for v in row] for row in rows]
    table = Table(data, colWidths=[WIDTH * w / total for w in weights], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def render(report: EvaluationReport) -> bytes:
    out = io.BytesIO()
    footer = f"{report.municipality.name} - {report.licence.label}"

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(BODY_FONT, 8)
        canvas.drawString(15 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"- {doc.page} -")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=report.title,
        author=report.municipality.name,
        subject=report.licence.label,
        creator="시정",
    )
    story: list[Any] = [
        _p(report.title, TITLE),
        _p(report.subtitle, BODY),
        _p(report.licence.label, BODY),
        _p("1. 평가 지표", HEADING),
        _table(
            ["지표", "산식", "계산", "값"],
            [[f.name, f.formula, f.computation, f.value] for f in report.figures],
            [3, 6, 5, 2],
        ),
        Spacer(0, 3),
        *[_p(f"※ {note}", NOTE) for note in report.notes],
        _p("2. 추진상태별 공약 수", HEADING),
        _table(
            ["추진상태", "공약 수"], [[label, f"{n}개"] for label, n in report.by_status], [3, 2]
        ),
        _p("3. 공약 목록", HEADING),
        _table(
            ["관리번호", "공약명", "주관부서", "추진상태", "진척률", "목표 달성"],
            [
                [p.code, p.title, p.department, p.status, f"{p.progress_pct}%", p.targets]
                for p in report.pledges
            ],
            [2, 7, 3, 3, 2, 3],
        ),
        _p("4. 변경 이력", HEADING),
    ]
    if report.changes:
        story.append(
            _table(
                ["일시", "공약", "변경 내용", "사유", "처리자"],
                [
                    [
                        c.when,
                        f"[{c.code}] {c.title}",
                        c.change,
                        c.reason or "-",
                        c.actor,
                    ]
                    for c in report.changes
                ],
                [3, 5, 6, 4, 2],
            )
        )
    else:
        story.append(_p("기록된 변경이 없습니다.", BODY))
    story += [
        _p("5. 병합·분할과 완료 점검", HEADING),
        _p("5-1. 병합·분할에 따른 지표 변화", BODY),
    ]
    if report.lineage:
        story += [_p(f"- {line}", BODY) for line in report.lineage_lines]
        if report.lineage_rows:
            story.append(_table(report.LINEAGE_HEADER, report.lineage_rows, [4, 5, 5, 2]))
        else:
            story.append(_p("병합·분할로 달라진 지표가 없습니다.", BODY))
    else:
        story.append(_p("병합·분할 기록이 없습니다.", BODY))
    story.append(_p("5-2. 완료 보고 점검 (최종 목표 미달성·미확인, 미집행 예산)", BODY))
    if report.check_rows:
        story.append(_table(report.CHECK_HEADER, report.check_rows, [5, 2, 9]))
    else:
        story.append(_p("다시 살펴볼 완료 공약이 없습니다.", BODY))
    story += [_p("6. 이용허락", HEADING), _p(report.licence.notice(report.municipality), BODY)]
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()
