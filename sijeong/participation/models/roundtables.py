"""Round-tables (시민 원탁회의): sessions, participants, teams, ideas and team proposals.

Personal data (name, contact) lives on :class:`Participant`; opinions (ideas) and votes refer to
the participant only by id, so that identity can be destroyed at the end of retention while the
opinions and the tally remain.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from sijeong.core.models import Municipality, OrgUnit

__all__ = [
    "AgeBand",
    "Gender",
    "Idea",
    "Participant",
    "ParticipantStatus",
    "RoundTable",
    "RoundTableFormat",
    "RoundTableStatus",
    "Session",
    "Team",
    "TeamProposal",
    "normalise_code",
]


class RoundTableFormat(models.TextChoices):
    OFFLINE = "offline", "오프라인"
    ONLINE = "online", "온라인"
    HYBRID = "hybrid", "온·오프라인 병행"


class RoundTableStatus(models.TextChoices):
    DRAFT = "draft", "준비 중"
    REGISTRATION = "registration", "참가 신청 중"
    CLOSED_REGISTRATION = "registration_closed", "신청 마감"
    IN_SESSION = "in_session", "진행 중"
    VOTING = "voting", "투표 중"
    VOTE_CLOSED = "vote_closed", "투표 마감"
    FINISHED = "finished", "종료"


class AgeBand(models.TextChoices):
    UNDER_14 = "under_14", "14세 미만"
    TEEN = "14_19", "14~19세"
    TWENTIES = "20s", "20대"
    THIRTIES = "30s", "30대"
    FORTIES = "40s", "40대"
    FIFTIES = "50s", "50대"
    SIXTY_PLUS = "60_plus", "60대 이상"


class Gender(models.TextChoices):
    FEMALE = "female", "여성"
    MALE = "male", "남성"
    OTHER = "other", "응답하지 않음"


class RoundTable(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        OrgUnit,
        verbose_name="주관부서",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField("주제", max_length=200)
    title = models.CharField(
        "제목(슬로건)", max_length=200, help_text="예: 혼자 살 자유, 함께 할 권리"
    )
    slug = models.SlugField("주소 이름", max_length=80)
    description = models.TextField("소개", blank=True)
    format = models.CharField(
        "방식", max_length=20, choices=RoundTableFormat.choices, default=RoundTableFormat.OFFLINE
    )
    capacity = models.PositiveIntegerField("정원")
    votes_per_participant = models.PositiveSmallIntegerField("1인당 투표 수", default=3)
    status = models.CharField(
        "상태", max_length=30, choices=RoundTableStatus.choices, default=RoundTableStatus.DRAFT
    )
    vote_opened_at = models.DateTimeField("투표 시작", null=True, blank=True)
    vote_closed_at = models.DateTimeField("투표 마감", null=True, blank=True)
    consent_notice_version = models.CharField("개인정보 안내문 판", max_length=20, default="2026-1")
    reported_results = models.JSONField(
        "보고된 결과",
        null=True,
        blank=True,
        help_text="결과 보고서에서 가져온 결과 (참여 인원, 아이디어 표, 수상). 시스템에서 진행한 회의는 비어 있습니다.",
    )
    created_at = models.DateTimeField("등록일시", auto_now_add=True)

    class Meta:
        verbose_name = "시민 원탁회의"
        verbose_name_plural = "시민 원탁회의"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="roundtable_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One sitting of a round-table (주간/야간), with date, time and venue."""

    roundtable = models.ForeignKey(
        RoundTable, verbose_name="원탁회의", on_delete=models.CASCADE, related_name="sessions"
    )
    name = models.CharField("회차", max_length=40, blank=True, help_text="예: 주간, 야간")
    date = models.DateField("날짜")
    start = models.TimeField("시작")
    end = models.TimeField("종료")
    venue = models.CharField("장소", max_length=200, blank=True)
    online_url = models.URLField("온라인 주소", blank=True)

    class Meta:
        verbose_name = "회차"
        verbose_name_plural = "회차"
        ordering = ["roundtable_id", "date", "start"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}".strip()


class ParticipantStatus(models.TextChoices):
    REGISTERED = "registered", "신청"
    ATTENDED = "attended", "참석"
    CANCELLED = "cancelled", "취소"


def normalise_code(code: str | None) -> str:
    """The code as stored: upper case, without the spaces and hyphens people type."""
    return "".join(ch for ch in (code or "").upper() if ch not in " -\t")


def _code() -> str:
    # 8 characters without look-alikes (0/O, 1/I/L) so that a code read aloud is typed right
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Participant(models.Model):
    """A registered citizen. ``code`` is the personal participant code used to vote (no account)."""

    roundtable = models.ForeignKey(
        RoundTable, verbose_name="원탁회의", on_delete=models.CASCADE, related_name="participants"
    )
    session = models.ForeignKey(
        Session,
        verbose_name="회차",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    name = models.CharField("이름", max_length=40)
    contact = models.CharField("연락처", max_length=80)
    age_band = models.CharField("연령대", max_length=10, choices=AgeBand.choices)
    gender = models.CharField("성별", max_length=10, choices=Gender.choices)
    district = models.CharField("읍·면·동", max_length=40)
    consent_personal = models.BooleanField("개인정보 수집·이용 동의", default=False)
    consent_opinions = models.BooleanField("의견 기록 동의", default=False)
    guardian_name = models.CharField("법정대리인 이름", max_length=40, blank=True)
    guardian_consent = models.BooleanField("법정대리인 동의", default=False)
    consent_notice_version = models.CharField("동의한 안내문 판", max_length=20)
    consented_at = models.DateTimeField("동의 일시")
    code = models.CharField("참여자 코드", max_length=12, default=_code)
    team = models.ForeignKey(
        "Team",
        verbose_name="조",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    status = models.CharField(
        "상태",
        max_length=20,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.REGISTERED,
    )
    registered_at = models.DateTimeField("신청 일시", auto_now_add=True)

    class Meta:
        verbose_name = "참여자"
        verbose_name_plural = "참여자"
        ordering = ["roundtable_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["roundtable", "code"], name="participant_code_unique"),
            models.UniqueConstraint(
                fields=["roundtable", "contact"], name="participant_contact_unique"
            ),
        ]

    def __str__(self) -> str:
        # never the name: this text is what an audit entry keeps as the object's description
        return f"참여자 {self.pk}"


class Team(models.Model):
    roundtable = models.ForeignKey(
        RoundTable, verbose_name="원탁회의", on_delete=models.CASCADE, related_name="teams"
    )
    number = models.PositiveSmallIntegerField("조 번호")
    name = models.CharField("조 이름", max_length=40, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="퍼실리테이터",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    facilitator_name = models.CharField("퍼실리테이터 이름", max_length=40, blank=True)

    class Meta:
        verbose_name = "조"
        verbose_name_plural = "조"
        ordering = ["roundtable_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roundtable", "number"], name="team_number_unique")
        ]

    def __str__(self) -> str:
        return self.name or f"{self.number}조"


class Idea(models.Model):
    """An idea a team wrote down, by field. Merging points it at a canonical idea (kept, never deleted)."""

    roundtable = models.ForeignKey(
        RoundTable, verbose_name="원탁회의", on_delete=models.CASCADE, related_name="ideas"
    )
    team = models.ForeignKey(
        Team,
        verbose_name="조",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    field = models.CharField("분야", max_length=60)
    text = models.TextField("아이디어")
    merged_into = models.ForeignKey(
        "self",
        verbose_name="합쳐진 대표 아이디어",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    merged_at = models.DateTimeField("합친 일시", null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="합친 사람",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("작성 일시", auto_now_add=True)

    class Meta:
        verbose_name = "아이디어"
        verbose_name_plural = "아이디어"
        ordering = ["roundtable_id", "field", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class TeamProposal(models.Model):
    """What a team puts to the plenary vote."""

    roundtable = models.ForeignKey(
        RoundTable, verbose_name="원탁회의", on_delete=models.CASCADE, related_name="proposals"
    )
    team = models.ForeignKey(
        Team, verbose_name="조", on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField("제안 제목", max_length=200)
    body = models.TextField("내용", blank=True)
    ideas = models.ManyToManyField(
        Idea, verbose_name="바탕이 된 아이디어", blank=True, related_name="proposals"
    )

    class Meta:
        verbose_name = "조별 정책 제안"
        verbose_name_plural = "조별 정책 제안"
        ordering = ["roundtable_id", "team_id", "id"]

    def __str__(self) -> str:
        return self.title
