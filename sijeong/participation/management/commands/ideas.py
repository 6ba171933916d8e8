"""`sijeong ideas dedup|similar|categorize FILE.jsonl`: the Korean idea engine on a JSONL file.

Each non-blank line is a JSON object with at least "id" and "text" (other keys are ignored; an
integer id is read as its decimal string). Touches no database. Output is JSON on stdout:
  dedup FILE [--threshold T]   {"groups": [[id, ...], ...]}     every id in exactly one group
  similar FILE [--top 5]       {"suggestions": {id: [[other, score], ...]}}   best first
  categorize FILE              {"categories": {id: [field, confidence]}}
Rules: an empty text is its own group, has no suggestions and is "unknown"; a text longer than
textanalysis.normalize.MAX_CHARS characters is compared on its first MAX_CHARS characters (a
notice on stderr names the line). Refused with a Korean message naming the line(s), exit code 1,
nothing on stdout: a line that is not a JSON object, a missing or non-text "id"/"text", a
duplicate id (both line numbers), an unreadable file.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from textanalysis import api
from textanalysis.normalize import MAX_CHARS


def read_items(path: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The (id, text) items of a JSONL file and notices; CommandError on bad input."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except OSError as exc:
        raise CommandError(f"파일을 읽을 수 없습니다: {path}") from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"UTF-8 파일이 아닙니다: {path}") from exc
    items: list[tuple[str, str]] = []
    first_line: dict[str, int] = {}
    notices: list[str] = []
    for no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{no}번째 줄이 올바른 JSON이 아닙니다.") from exc
        if not isinstance(obj, dict):
            raise CommandError(f"{no}번째 줄이 JSON 객체가 아닙니다.")
        raw_id, text = obj.get("id"), obj.get("text")
        if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or raw_id == "":
            raise CommandError(f'{no}번째 줄에 "id"가 없거나 문자열·정수가 아닙니다.')
        if not isinstance(text, str):
            raise CommandError(f'{no}번째 줄에 "text"가 없거나 문자열이 아닙니다.')
        key = str(raw_id)
        if key in first_line:
            raise CommandError(
                f'id "{key}"가 {first_line[key]}번째 줄과 {no}번째 줄에 중복되어 있습니다.'
            )
        first_line[key] = no
        if len(text) > MAX_CHARS:
            notices.append(
                f"{no}번째 줄: 글이 {len(text):,}자로 길어 앞 {MAX_CHARS:,}자만 비교합니다."
            )
        items.append((key, text))
    return items, notices


class Command(BaseCommand):
    help = "시민 제안(JSONL)의 중복 묶음·유사 제안·분야를 JSON으로 보여줍니다. 데이터베이스는 쓰지 않습니다."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        d = sub.add_parser("dedup", help="중복·유사 제안을 묶습니다.")
        d.add_argument("file")
        d.add_argument("--threshold", type=float, default=None, help="묶는 기준 점수(0~1).")
        s = sub.add_parser("similar", help="제안마다 가장 비슷한 제안을 보여줍니다.")
        s.add_argument("file")
        s.add_argument("--top", type=int, default=5)
        c = sub.add_parser("categorize", help="제안마다 분야와 확신도를 붙입니다.")
        c.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        items, notices = read_items(options["file"])
        action = options["action"]
        result: dict[str, Any]
        if action == "dedup":
            t = options["threshold"]
            if t is not None and not 0.0 <= t <= 1.0:
                raise CommandError("--threshold는 0에서 1 사이여야 합니다.")
            result = {"groups": api.dedup(items, t)}
        elif action == "similar":
            if options["top"] < 1:
                raise CommandError("--top은 1 이상이어야 합니다.")
            sims = api.similar(items, options["top"])
            result = {"suggestions": {k: [[o, s] for o, s in v] for k, v in sims.items()}}
        else:
            result = {"categories": {k: list(v) for k, v in api.categorize(items).items()}}
        for n in notices:
            self.stderr.write(n)
        self.stdout.write(json.dumps(result, ensure_ascii=False))
