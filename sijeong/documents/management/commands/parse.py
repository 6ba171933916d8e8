"""`sijeong parse FILE [--kind KIND] [--json]`: what the importer understands of one document.

Touches no database. Exit code 1 when the file cannot be read or parsed.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sijeong.documents.parsing.api import parse_file
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.kinds import KINDS

SEVERITY = {"error": "오류", "warning": "경고", "info": "참고"}


class Command(BaseCommand):
    help = "문서 하나를 해석해 교환 형식(sijeong.document/1)으로 보여줍니다. 데이터베이스는 쓰지 않습니다."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file")
        parser.add_argument("--kind", choices=sorted(KINDS), help="문서 종류를 직접 지정합니다.")
        parser.add_argument("--json", action="store_true", help="JSON으로 출력합니다.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = parse_file(options["file"], options["kind"])
        except ParseError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{document['source']['file']}: {KINDS[document['kind']].LABEL} "
            f"({document['kind']}, 확신도 {document['confidence']:.2f})"
        )
        if document.get("municipality"):
            self.stdout.write(f"  지방자치단체: {document['municipality']}")
        findings = document["findings"]
        self.stdout.write(f"  점검 결과 {len(findings)}건")
        for f in findings:
            self.stdout.write(f"  [{SEVERITY[f['severity']]}] {f['where']}: {f['message']}")
