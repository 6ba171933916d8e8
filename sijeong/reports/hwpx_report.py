"""The evaluation report as HWPX, written with python-hwpx (pinned: its API moves between
versions; this uses 6.9's ``doc.styles.ensure_run`` and ``table.set_column_widths``)."""

from __future__ import annotations

from collections.abc import Sequence

from hwpx import HwpxDocument

from sijeong.reports.evaluation_report import EvaluationReport


def _table(
    doc: HwpxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[int],
    bold: str,
) -> None:
    table = doc.add_table(len(rows) + 1, len(header))
    table.set_column_widths(list(weights))
    for col, text in enumerate(header):
        cell = table.cell(0, col)
        cell.text = text
        for paragraph in cell.paragraphs:
            paragraph.char_pr_id_ref = bold
    for r, row in enumerate(rows, start=1):
        for col, text in enumerate(row):
            table.cell(r, col).text = text


def render(report: EvaluationReport) -> bytes:
    doc = HwpxDocument.new()
    try:
        title = doc.styles.ensure_run(bold=True, size=18)
        heading = doc.styles.ensure_run(bold=True, size=13)
        bold = doc.styles.ensure_run(bold=True)

        def para(text: str, style: str | None = None) -> None:
            doc.add_paragraph(text, char_pr_id_ref=style or "0", inherit_style=False)

        first = doc.paragraphs[0]  # the blank document's empty paragraph takes the title
        first.text = report.title
        first.char_pr_id_ref = title
        para(report.subtitle)
        para(report.licence.label)

        para("1. 평가 지표", heading)
        _table(
            doc,
            ["지표", "산식", "계산", "값"],
            [[f.name, f.formula, f.computation, f.value] for f in report.figures],
            [3, 6, 5, 2],
            bold,
        )
        for note in report.notes:
            para(f"※ {note}")

        para("2. 추진상태별 공약 수", heading)
        _table(
            doc,
            ["추진상태", "공약 수"],
            [[label, f"{n}개"] for label, n in report.by_status],
            [3, 2],
            bold,
        )

        para("3. 공약 목록", heading)
        _table(
            doc,
            ["관리번호", "공약명", "주관부서", "추진상태", "진척률", "목표 달성"],
            [
                [p.code, p.title, p.department, p.status, f"{p.progress_pct}%", p.targets]
                for p in report.pledges
            ],
            [2, 7, 3, 3, 2, 3],
            bold,
        )

        para("4. 변경 이력", heading)
        if report.changes:
            _table(
                doc,
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
                bold,
            )
        else:
            para("기록된 변경이 없습니다.")

        para("5. 병합·분할과 완료 점검", heading)
        para("5-1. 병합·분할에 따른 지표 변화")
        if report.lineage:
            for line in report.lineage_lines:
                para(f"- {line}")
            if report.lineage_rows:
                _table(doc, list(report.LINEAGE_HEADER), report.lineage_rows, [4, 5, 5, 2], bold)
            else:
                para("병합·분할로 달라진 지표가 없습니다.")
        else:
            para("병합·분할 기록이 없습니다.")
        para("5-2. 완료 보고 점검 (최종 목표 미달성·미확인, 미집행 예산)")
        if report.check_rows:
            _table(doc, list(report.CHECK_HEADER), report.check_rows, [5, 2, 9], bold)
        else:
            para("다시 살펴볼 완료 공약이 없습니다.")

        para("6. 이용허락", heading)
        para(report.licence.notice(report.municipality))
        return doc.to_bytes()
    finally:
        doc.close()
