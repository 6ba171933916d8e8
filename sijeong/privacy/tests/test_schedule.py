"""The shipped schedule of the purge: a systemd timer that runs the real command daily."""

from __future__ import annotations

import configparser
from pathlib import Path

from django.core.management import get_commands

UNITS = Path(__file__).resolve().parents[3] / "deploy" / "systemd"


def _unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def test_the_service_runs_the_purge_command_once() -> None:
    service = _unit("sijeong-purge.service")
    assert service["Service"]["Type"] == "oneshot"
    program, command = service["Service"]["ExecStart"].split()
    assert (Path(program).name, command) == ("sijeong", "purge_personal_data")
    assert get_commands()[command] == "sijeong.privacy"
    assert service["Service"]["EnvironmentFile"] == "/etc/sijeong/env"


def test_the_timer_runs_it_daily_and_catches_up() -> None:
    timer = _unit("sijeong-purge.timer")["Timer"]
    assert timer["OnCalendar"] == "*-*-* 03:30:00 Asia/Seoul"
    assert timer["Persistent"] == "true"
    assert timer["Unit"] == "sijeong-purge.service"
    assert _unit("sijeong-purge.timer")["Install"]["WantedBy"] == "timers.target"
