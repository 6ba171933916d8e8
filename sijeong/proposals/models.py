"""Policy proposals: a research institute's proposal book (seed 003) and citizens' ideas promoted
from round-tables, each decided once (adopted into a pledge and/or a budget program, or rejected).

A book holds sectors (분야), a sector holds tasks (【과제 N】, here :class:`Proposal`), a task holds
subtasks and the institute's research behind it. A citizen proposal has no book: it points back at
the canonical round-table idea it was promoted from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sijeong.core.models import Municipality
from sijeong.pledges.models import DatePrecision


class ProposalOrigin(models.TextChoices):
    """Where a task comes from, as the book marks it (공약사항 / 신규제안 / 기존정책), or a citizen."""

    PLEDGE = "pledge", "공약사항"
    NEW = "new", "신규제안"
    EXISTING = "existing", "기존정책"
    CITIZEN = "citizen", "시민제안"


#: a task the book does not mark (26 of seed 003's 97)
UNMARKED_LABEL = "구분 없음"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "제안"
    UNDER_REVIEW = "under_review", "검토 중"
    ADOPTED = "adopted", "채택"
    REJECTED = "rejected", "불채택"


class DecisionKind(models.TextChoices):
    ADOPTED = "adopted", "채택"
    REJECTED = "rejected", "불채택"


class ResearchStatus(models.TextChoices):
    ONGOING = "ongoing", "시행 중"
    DONE = "done", "시행 완료"
    PLANNED = "planned", "시행 예정"


def _origin_ok(field: str) -> Q:
    return Q(**{f"{field}__in": [*ProposalOrigin.values, ""]})


class ProposalBook(models.Model):
    """A proposal book (정책제안집): who wrote it, when, for which city and term."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("제목", max_length=200)
    author = models.CharField("작성 기관", max_length=100, help_text="예: 서울연구원")
    date = models.DateField("발간일", null=True, blank=True)
    term_number = models.PositiveSmallIntegerField(
        "대상 임기(민선 N기)", null=True, blank=True, help_text="책이 다루는 민선 임기의 번호"
    )
    source_file = models.CharField("원본 파일", max_length=255, blank=True)
    sha256 = models.CharField("원본 SHA-256", max_length=64, blank=True)
    findings = models.JSONField("점검 결과", default=list, blank=True)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    updated_at = models.DateTimeField("수정일시", auto_now=True)

    class Meta:
        verbose_name = "정책제안집"
        verbose_name_plural = "정책제안집"
        ordering = ["municipality_id", "-date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "author", "title"], name="proposal_book_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} 「{self.title}」"


class ProposalSector(models.Model):
    """A sector of a book: a numbered section ("2-1. 서울시 보행도시 추진전략") or 【복지 분야】."""

    book = models.ForeignKey(
        ProposalBook, verbose_name="정책제안집", on_delete=models.CASCADE, related_name="sectors"
    )
    order = models.PositiveSmallIntegerField("순서")
    code = models.CharField("번호", max_length=10, blank=True)
    part = models.CharField("편", max_length=100, blank=True, help_text="예: Ⅲ. 분야별 추진과제")
    title = models.CharField("분야", max_length=200)
    findings = models.JSONField("점검 결과", default=list, blank=True)

    class Meta:
        verbose_name = "정책제안 분야"
        verbose_name_plural = "정책제안 분야"
        ordering = ["book_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["book", "order"], name="proposal_sector_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title


class Proposal(models.Model):
    """A policy proposal: a book's task 【과제 N】, or a citizen idea promoted from a round-table."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    book = models.ForeignKey(
        ProposalBook,
        verbose_name="정책제안집",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    sector = models.ForeignKey(
        ProposalSector,
        verbose_name="분야",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    order = models.PositiveSmallIntegerField("순서", default=0)
    number = models.PositiveSmallIntegerField("과제 번호", null=True, blank=True)
    group = models.CharField("묶음", max_length=100, blank=True, help_text="예: 도시인프라 협력")
    title = models.CharField("과제명", max_length=300)
    body = models.TextField("내용", blank=True)
    origin = models.CharField(
        "구분", max_length=20, choices=ProposalOrigin.choices, blank=True, db_index=True
    )
    origins = models.JSONField(
        "표시된 구분 전부",
        default=list,
        blank=True,
        help_text="책이 과제에 붙인 구분 모두 (예: 신규제안, 공약사항)",
    )
    origin_note = models.CharField("구분 설명", max_length=300, blank=True)
    status = models.CharField(
        "상태",
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        db_index=True,
    )
    source_idea = models.OneToOneField(
        "participation.Idea",
        verbose_name="바탕이 된 시민 아이디어",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policy_proposal",
    )
    source_line = models.PositiveIntegerField("원문 줄", null=True, blank=True)
    findings = models.JSONField("점검 결과", default=list, blank=True)
    created_at = models.DateTimeField("등록일시", auto_now_add=True)
    updated_at = models.DateTimeField("수정일시", auto_now=True)

    class Meta:
        verbose_name = "정책제안"
        verbose_name_plural = "정책제안"
        ordering = ["municipality_id", "book_id", "sector__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "order"],
                condition=Q(sector__isnull=False),
                name="proposal_unique_order_in_sector",
            ),
            models.CheckConstraint(condition=_origin_ok("origin"), name="proposal_origin_valid"),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            # a citizen proposal comes from an idea and has no book; a book's task has no idea
            models.CheckConstraint(
                condition=(
                    Q(
                        origin=ProposalOrigin.CITIZEN,
                        book__isnull=True,
                        sector__isnull=True,
                        number__isnull=True,
                        source_idea__isnull=False,
                    )
                    | (
                        ~Q(origin=ProposalOrigin.CITIZEN)
                        & Q(book__isnull=False, sector__isnull=False, source_idea__isnull=True)
                    )
                ),
                name="proposal_citizen_or_book",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()

    @property
    def label(self) -> str:
        """ "【과제 3】" for a book's task, "" for a citizen proposal."""
        return f"【과제 {self.number}】" if self.number is not None else ""

    @property
    def origin_labels(self) -> list[str]:
        labels = dict(ProposalOrigin.choices)
        return [str(labels.get(o, o)) for o in (self.origins or [])] or (
            [str(labels[self.origin])] if self.origin else [UNMARKED_LABEL]
        )

    @property
    def decision(self) -> Decision | None:
        """The decision taken on the proposal, if any (uses the prefetched ``decisions``)."""
        found = list(self.decisions.all())
        return found[0] if found else None


class Subtask(models.Model):
    """A subtask of a task: "(세부 1) …" or "2-① …", with its own origin mark when the book gives one."""

    proposal = models.ForeignKey(
        Proposal, verbose_name="정책제안", on_delete=models.CASCADE, related_name="subtasks"
    )
    order = models.PositiveSmallIntegerField("순서")
    code = models.CharField("번호", max_length=20)
    title = models.CharField("세부과제명", max_length=300)
    origin = models.CharField("구분", max_length=20, choices=ProposalOrigin.choices, blank=True)
    origin_note = models.CharField("구분 설명", max_length=300, blank=True)

    class Meta:
        verbose_name = "세부과제"
        verbose_name_plural = "세부과제"
        ordering = ["proposal_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "order"], name="subtask_unique_order"),
            models.CheckConstraint(condition=_origin_ok("origin"), name="subtask_origin_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Research(models.Model):
    """A study of the institute behind a task (관련 연구과제), with its status and period."""

    proposal = models.ForeignKey(
        Proposal, verbose_name="정책제안", on_delete=models.CASCADE, related_name="research"
    )
    order = models.PositiveSmallIntegerField("순서")
    title = models.CharField("연구과제명", max_length=300)
    status = models.CharField("추진현황", max_length=20, choices=ResearchStatus.choices)
    status_label = models.CharField(
        "원문 추진현황", max_length=40, blank=True, help_text="책에 적힌 그대로 (예: 신규과제 구상)"
    )
    period = models.CharField("과제기간(원문)", max_length=60, blank=True)
    started_on = models.DateField("시작", null=True, blank=True)
    start_precision = models.CharField(
        "시작 정밀도", max_length=8, choices=DatePrecision.choices, blank=True
    )
    ended_on = models.DateField("종료", null=True, blank=True)
    end_precision = models.CharField(
        "종료 정밀도", max_length=8, choices=DatePrecision.choices, blank=True
    )

    class Meta:
        verbose_name = "관련 연구과제"
        verbose_name_plural = "관련 연구과제"
        ordering = ["proposal_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "order"], name="research_unique_order"),
            models.CheckConstraint(
                condition=Q(status__in=ResearchStatus.values), name="research_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(started_on__lte=models.F("ended_on")),
                name="research_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalPledgeLink(models.Model):
    """A proposal tied to a pledge of the same municipality (by adoption or by the book's mark)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name="정책제안", on_delete=models.CASCADE, related_name="pledge_links"
    )
    pledge = models.ForeignKey(
        "pledges.Pledge",
        verbose_name="공약",
        on_delete=models.PROTECT,
        related_name="proposal_links",
    )
    note = models.CharField("비고", max_length=300, blank=True)
    created_at = models.DateTimeField("연결일시", auto_now_add=True)

    class Meta:
        verbose_name = "정책제안-공약 연결"
        verbose_name_plural = "정책제안-공약 연결"
        ordering = ["proposal_id", "pledge__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "pledge"], name="proposal_pledge_unique")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} → {self.pledge}"


class Decision(models.Model):
    """The decision on a proposal: adopted into a pledge and/or a budget program, or rejected."""

    proposal = models.ForeignKey(
        Proposal, verbose_name="정책제안", on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField("결정일")
    decision = models.CharField("결정", max_length=20, choices=DecisionKind.choices)
    pledge = models.ForeignKey(
        "pledges.Pledge",
        verbose_name="반영한 공약",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal_decisions",
    )
    program = models.ForeignKey(
        "budgets.BudgetProgram",
        verbose_name="반영한 예산사업",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposal_decisions",
    )
    reason = models.TextField("사유")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="결정한 사람",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("결정한 사람(기록)", max_length=150, blank=True)
    created_at = models.DateTimeField("기록일시", auto_now_add=True)

    class Meta:
        verbose_name = "정책제안 결정"
        verbose_name_plural = "정책제안 결정"
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal"], name="decision_one_per_proposal"),
            models.CheckConstraint(
                condition=Q(decision__in=DecisionKind.values), name="decision_kind_valid"
            ),
            # adopting names where the proposal goes; a rejection goes nowhere
            models.CheckConstraint(
                condition=(
                    Q(decision=DecisionKind.ADOPTED)
                    & (Q(pledge__isnull=False) | Q(program__isnull=False))
                )
                | Q(decision=DecisionKind.REJECTED, pledge__isnull=True, program__isnull=True),
                name="decision_adopted_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.title}: {self.get_decision_display()}"
