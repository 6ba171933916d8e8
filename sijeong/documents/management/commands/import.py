"""`sijeong import FILE... --municipality NAME [--term N] [--kind K] [--dry-run] [--user NAME]`.

One transaction per document; the same file twice changes nothing. Prints a progress bar over
the files and a closing summary. Exit code 1 when any file failed (the others are imported).
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijeong.accounts.models import User
from sijeong.core.errors import DomainError
from sijeong.core.selectors import municipality_get, term_get
from sijeong.documents.parsing.api import parse_file
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.kinds import KINDS
from sijeong.documents.services import document_import, summary_lines


def progress(done: int, total: int, name: str, width: int = 30) -> str:
    filled = width * done // total if total else width
    return f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total} {name[:40]:<40}"


class Command(BaseCommand):
    help = "문서를 해석해 지방자치단체의 기록으로 가져옵니다 (문서마다 한 트랜잭션, 다시 해도 같은 결과)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--municipality", help="지방자치단체 이름·코드·주소 이름 (선관위 전국 자료는 생략 가능)"
        )
        parser.add_argument("--term", type=int, help="민선 몇 기 (생략하면 가장 최근 임기)")
        parser.add_argument("--kind", choices=sorted(KINDS), help="문서 종류를 직접 지정합니다.")
        parser.add_argument(
            "--dry-run", action="store_true", help="무엇이 바뀔지만 보여주고 저장하지 않습니다."
        )
        parser.add_argument("--user", help="처리자 아이디 (감사 기록에 남습니다)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            municipality = (
                municipality_get(options["municipality"]) if options["municipality"] else None
            )
            term = (
                term_get(municipality, options["term"])
                if municipality and options["term"]
                else None
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"사용자 '{options['user']}'을(를) 찾을 수 없습니다.")
        files = options["files"]
        totals: Counter[str] = Counter()
        failures: list[str] = []
        found = 0
        tty = sys.stderr.isatty() or len(files) > 1
        for i, path in enumerate(files):
            if tty:
                self.stderr.write(progress(i, len(files), path), ending="")
            try:
                document = parse_file(path, options["kind"])
                run = document_import(
                    actor=actor,
                    document=document,
                    municipality=municipality,
                    term=term,
                    dry_run=options["dry_run"],
                )
            except ParseError as exc:
                failures.append(exc.message)
                continue
            except DomainError as exc:
                failures.append(f"{path}: {exc.message}")
                continue
            found += len(run.findings)
            totals.update(run.summary)
            totals[f"status_{run.status}"] += 1
        if tty:
            self.stderr.write(progress(len(files), len(files), "완료"))
        mode = " (미리보기: 저장하지 않음)" if options["dry_run"] else ""
        self.stdout.write(f"문서 {len(files)}개 중 {len(files) - len(failures)}개 처리{mode}")
        for label, n in summary_lines(dict(totals)):
            if not label.startswith("status_"):
                self.stdout.write(f"  {label}: {n:,}")
        self.stdout.write(f"  점검 결과: {found}건")
        for message in failures:
            self.stderr.write(f"실패: {message}")
        if failures:
            raise CommandError(f"{len(failures)}개 문서를 가져오지 못했습니다.")
