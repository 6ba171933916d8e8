#!/usr/bin/env python3
"""Set-up and the two everyday commands, needing nothing but Python 3.11.

    python3 dev.py demo    # virtualenv + dependencies + migrations + demo data, then serve on 127.0.0.1:8000
    python3 dev.py test    # the whole check: ruff, mypy, migrations, tests on SQLite and on PostgreSQL

Both create `.venv` and install the locked dependencies when the lock changed.
`test` starts a throw-away PostgreSQL cluster (Debian's PostgreSQL 15, installed with apt when
missing and run as the `postgres` user when we are root) and removes it afterwards.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
LOCK = ROOT / "requirements.lock"
MARKER = VENV / ".sijeong-installed"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def run(cmd: list[str], *, env: dict[str, str] | None = None, check: bool = True) -> int:
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, check=check).returncode


def ensure_venv() -> None:
    digest = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if MARKER.exists() and MARKER.read_text() == digest:
        return
    if not (BIN / "python").exists():
        say("가상환경 만드는 중 (.venv)")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    say("의존성 설치 중 (requirements.lock)")
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    run([*pip, "-r", str(LOCK)])
    run([*pip, "--no-deps", "-e", "."])
    MARKER.write_text(digest)


def app_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SIJEONG_DEBUG", "1")
    env.update(extra)
    return env


def sijeong(*args: str, env: dict[str, str] | None = None) -> None:
    run([str(BIN / "sijeong"), *args], env=env or app_env())


def cmd_demo(args: argparse.Namespace) -> int:
    ensure_venv()
    env = app_env()
    say("데이터베이스 준비 중 (SQLite, var/sijeong.sqlite3)")
    sijeong("migrate", "--verbosity", "0", env=env)
    sijeong("load_demo", "--if-empty", env=env)
    url = f"http://127.0.0.1:{args.port}/"
    print(
        f"""
시정 데모가 준비되었습니다.
  공개 화면   {url}paju/pledges/
  공개 API    {url}api/v1/docs
  관리자 화면 {url}admin/
  문서 가져오기 {url}staff/intake/   (예시 문서 5건을 이미 가져온 기록이 있습니다)
  원탁회의 진행 {url}staff/roundtables/

데모 계정 (비밀번호는 모두 sijeong-demo-2026):
  admin        시스템 관리자
  coordinator  총괄부서 (기획예산과)
  civil        부서 담당자 (민원봉사과, 공약 12-1)
  building     부서 담당자 (공공건축과, 공약 12-5~12-9)
  evaluator    평가자 (읽기, 의견 작성)
  jeonju       전주시 총괄부서 (원탁회의 진행, 샘플 아이디어 합치기 제안)
  citizen      시민
끝내려면 Ctrl+C.
""",
        flush=True,
    )
    sijeong("runserver", f"127.0.0.1:{args.port}", "--noreload", env=env)
    return 0


# --- PostgreSQL -------------------------------------------------------------------------------


def pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def ensure_postgres() -> Path | None:
    bindir = pg_bindir()
    if bindir is None and IS_ROOT and shutil.which("apt-get"):
        say("PostgreSQL 서버 설치 중 (apt-get install postgresql)")
        run(["apt-get", "update", "-qq"], check=False)
        run(
            ["apt-get", "install", "-y", "-qq", "postgresql"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        bindir = pg_bindir()
    return bindir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowAwayCluster:
    """A PostgreSQL cluster in a temporary folder, listening on a Unix socket only."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="sijeong-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()

    def _as_owner(self, cmd: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *cmd] if IS_ROOT else cmd

    def __enter__(self) -> str:
        if IS_ROOT:
            shutil.chown(self.dir, "postgres", "postgres")
        run(
            self._as_owner(
                [
                    str(self.bindir / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            env={**os.environ, "LC_ALL": "C.UTF-8"},
        )
        options = f"-k {self.dir} -p {self.port} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        run(
            self._as_owner(
                [
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-w",
                    "-l",
                    str(self.dir / "server.log"),
                    "start",
                ]
            )
        )
        return f"postgres://postgres@/sijeong?host={self.dir}&port={self.port}"

    def __exit__(self, *exc: object) -> None:
        subprocess.run(
            self._as_owner(
                [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            check=False,
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        shutil.rmtree(self.dir, ignore_errors=True)


# --- browser ----------------------------------------------------------------------------------


def ensure_chromium() -> None:
    if shutil.which("chromium") or not (IS_ROOT and shutil.which("apt-get")):
        return
    say("브라우저 테스트용 Chromium 설치 중 (apt-get install chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], check=False)
    run(["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk"], env=env, check=False)


#: pytest-xdist: one worker per core (at most 4), each with its own test database; the browser
#: tests share one demo site, so they stay together on one worker (xdist_group "browser").
PARALLEL = ["-n", str(max(1, min(os.cpu_count() or 1, 4))), "--dist", "loadgroup"]

AUDIT_OK, AUDIT_VULNERABLE, AUDIT_UNAVAILABLE = "ok", "vulnerable", "unavailable"


def audit_verdict(returncode: int, output: str) -> tuple[str, str]:
    """Read pip-audit's JSON: (verdict, Korean summary). A package the vulnerability service
    could not look up is not a pass: when none could be looked up the audit did not happen."""
    import json

    try:
        deps = json.loads(output)["dependencies"]
    except (ValueError, KeyError, TypeError):
        return AUDIT_UNAVAILABLE, (
            f"의존성 감사를 하지 못했습니다: pip-audit가 결과를 내지 못했습니다 "
            f"(종료 코드 {returncode}, PyPI/OSV에 연결할 수 없는 것으로 보입니다)."
        )
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    checked = len(deps) - len(skipped)
    if vulnerable:
        names = ", ".join(
            f"{d['name']} {d['version']} ({', '.join(v['id'] for v in d['vulns'])})"
            for d in vulnerable
        )
        return AUDIT_VULNERABLE, f"알려진 취약점이 있는 의존성 {len(vulnerable)}개: {names}"
    if checked == 0:
        return AUDIT_UNAVAILABLE, (
            f"의존성 감사를 하지 못했습니다: {len(deps)}개 중 하나도 취약점 DB에서 찾지 "
            f"못했습니다 (PyPI에 연결할 수 없는 것으로 보입니다)."
        )
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        return AUDIT_UNAVAILABLE, (
            f"의존성 감사가 일부만 되었습니다: {checked}개 검사, 알려진 취약점 없음; "
            f"{len(skipped)}개는 찾지 못해 검사하지 못했습니다 ({names})."
        )
    return AUDIT_OK, f"의존성 {checked}개 검사, 알려진 취약점 없음."


def audit_fails(verdict: str, environ: Mapping[str, str]) -> bool:
    """A known vulnerability always fails the run. An audit that could not happen fails it only
    where SIJEONG_REQUIRE_AUDIT=1 says the machine reaches the vulnerability service: the CI
    machine reaches only the package index, whose JSON API answers no per-version query there."""
    if verdict == AUDIT_VULNERABLE:
        return True
    return verdict == AUDIT_UNAVAILABLE and environ.get("SIJEONG_REQUIRE_AUDIT") == "1"


def audit_dependencies() -> str:
    """pip-audit over requirements.lock (pinned, so no resolution and no pip). Vulnerabilities
    fail the run. An audit that could not reach PyPI is reported loudly and in the final line as
    not done, and fails the run only where it is required (audit_fails, SECURITY.md)."""
    say("의존성 감사 (pip-audit, requirements.lock)")
    cmd = [
        str(BIN / "pip-audit"),
        "-r",
        str(LOCK),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--timeout",
        "20",
        "-f",
        "json",
    ]
    print("$ " + " ".join(cmd), flush=True)
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
        verdict, message = audit_verdict(done.returncode, done.stdout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        verdict, message = AUDIT_UNAVAILABLE, f"의존성 감사를 하지 못했습니다: {exc}"
    stream = sys.stdout if verdict == AUDIT_OK else sys.stderr
    print(("" if verdict == AUDIT_OK else "!!! ") + message, file=stream, flush=True)
    return verdict


def cmd_test(args: argparse.Namespace) -> int:
    ensure_venv()
    env = app_env(
        SIJEONG_DEBUG="0", SIJEONG_SECRET_KEY="test-only-secret-key-0123456789-abcdefghijklmnop"
    )
    py = str(BIN / "python")
    say("ruff (lint, format)")
    run([str(BIN / "ruff"), "check", "."])
    run([str(BIN / "ruff"), "format", "--check", "."])
    say("mypy")
    run([str(BIN / "mypy")], env=env)
    say("마이그레이션 누락 검사 (makemigrations --check)")
    run(
        [py, "manage.py", "makemigrations", "--check", "--dry-run"],
        env={**env, "DATABASE_URL": "sqlite://:memory:"},
    )
    ensure_chromium()
    failures = 0
    audit = audit_dependencies()
    failures += audit_fails(audit, os.environ)
    say("테스트: SQLite")
    sqlite_env = {
        **env,
        "DATABASE_URL": "sqlite:///" + str(Path(tempfile.gettempdir()) / "sijeong-test.sqlite3"),
    }
    failures += (
        run(
            [py, "-m", "pytest", "-p", "no:cacheprovider", *PARALLEL, *args.pytest_args],
            env=sqlite_env,
            check=False,
        )
        != 0
    )
    bindir = ensure_postgres()
    if bindir is None:
        if os.environ.get("CI"):
            print("PostgreSQL 서버를 찾을 수 없어 설치하지 못했습니다.", file=sys.stderr)
            return 1
        print(
            "PostgreSQL 서버가 없어 PostgreSQL 테스트를 건너뜁니다 (root로 실행하면 자동 설치).",
            flush=True,
        )
    else:
        say(f"테스트: PostgreSQL ({bindir.parent.name})")
        with ThrowAwayCluster(bindir) as url:
            pg_env = {**env, "DATABASE_URL": url}
            rc = run(
                [
                    py,
                    "-m",
                    "pytest",
                    "-p",
                    "no:cacheprovider",
                    *PARALLEL,
                    "-m",
                    "not browser",
                    *args.pytest_args,
                ],
                env=pg_env,
                check=False,
            )
            failures += rc != 0
    unaudited = " (의존성 감사는 하지 못함: 위 !!! 참고)" if audit == AUDIT_UNAVAILABLE else ""
    say("결과: " + ("모두 통과" if not failures else f"실패한 단계 {failures}개") + unaudited)
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="데모 데이터로 서버를 띄웁니다 (SQLite)")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(func=cmd_demo)
    test = sub.add_parser("test", help="ruff, mypy, 마이그레이션 검사, SQLite·PostgreSQL 테스트")
    test.add_argument("pytest_args", nargs="*", help="pytest에 그대로 넘길 인자")
    test.set_defaults(func=cmd_test)
    args = parser.parse_args()
    try:
        return int(args.func(args))
    except subprocess.CalledProcessError as exc:
        print(
            f"\n실패: {' '.join(map(str, exc.cmd))} (종료 코드 {exc.returncode})", file=sys.stderr
        )
        return exc.returncode or 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
