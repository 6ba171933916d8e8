"""`sijeong ideas ...`: outputs and every bad input (Korean message, exit 1, nothing on stdout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, lines: list[str]) -> str:
    p = tmp_path / "ideas.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(p)


def line(id_: object, text: str, **extra: object) -> str:
    return json.dumps({"id": id_, "text": text, **extra}, ensure_ascii=False)


def run(*args: str) -> tuple[dict[str, object], str]:
    out, err = StringIO(), StringIO()
    call_command("ideas", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


@pytest.fixture
def ideas(tmp_path: Path) -> str:
    return write(
        tmp_path,
        [
            line("a", "어르신 키오스크 교육", author="무시됨"),
            line("b", "노인분 무인단말기 사용 교육해 주세요"),
            line(3, "도서관 운영시간 연장"),
            line("e", ""),
        ],
    )


def test_dedup(ideas: str) -> None:
    assert run("dedup", ideas) == ({"groups": [["a", "b"], ["3"], ["e"]]}, "")
    assert run("dedup", ideas, "--threshold", "0.9")[0] == {"groups": [["a"], ["b"], ["3"], ["e"]]}


def test_similar(ideas: str) -> None:
    assert run("similar", ideas, "--top", "5")[0] == {
        "suggestions": {"a": [["b", 0.5717]], "b": [["a", 0.5717]], "3": [], "e": []}
    }


def test_categorize(ideas: str) -> None:
    assert run("categorize", ideas)[0] == {
        "categories": {
            "a": ["복지", 0.2307],
            "b": ["복지", 0.2306],
            "3": ["문화", 0.5494],
            "e": ["unknown", 0.0],
        }
    }


def test_long_text_is_cut_and_said(tmp_path: Path) -> None:
    path = write(
        tmp_path, [line("a", "경로당 전기료 지원 " * 12_000), line("b", "경로당 전기료 지원")]
    )
    result, err = run("dedup", path)
    assert result == {"groups": [["a", "b"]]}
    assert err == "1번째 줄: 글이 132,000자로 길어 앞 2,000자만 비교합니다.\n"


def test_non_korean(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            line("a", "Please add bike lanes"),
            line("b", "please add bike lane downtown"),
            line("c", "東京タワー"),
        ],
    )
    assert run("dedup", path)[0] == {"groups": [["a", "b"], ["c"]]}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([line("a", "x"), "{not json", line("b", "y")], "2번째 줄이 올바른 JSON이 아닙니다."),
        (
            [line("a", "x"), line("b", "y"), line("a", "z")],
            'id "a"가 1번째 줄과 3번째 줄에 중복되어 있습니다.',
        ),
        (["[1, 2]"], "1번째 줄이 JSON 객체가 아닙니다."),
        (['{"text": "x"}'], '1번째 줄에 "id"가 없거나 문자열·정수가 아닙니다.'),
        (['{"id": "a"}'], '1번째 줄에 "text"가 없거나 문자열이 아닙니다.'),
    ],
)
def test_bad_input_refused(tmp_path: Path, lines: list[str], message: str) -> None:
    path = write(tmp_path, lines)
    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("ideas", "dedup", path, stdout=out)
    assert str(exc.value) == message
    assert out.getvalue() == ""


def test_exit_code_and_empty_stdout(tmp_path: Path) -> None:
    path = write(tmp_path, [line("a", "x"), "{oops"])
    env = {**os.environ, "SIJEONG_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    proc = subprocess.run(
        [sys.executable, "manage.py", "ideas", "similar", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "2번째 줄이 올바른 JSON이 아닙니다." in proc.stderr
