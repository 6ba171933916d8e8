"""Surveys (여론조사) and the quarterly city evaluation (분기별 시정평가).

A :class:`Survey` holds its questionnaire (:class:`Question`, :class:`Option`), its sample design
(:class:`PopulationMargin` for raking, :class:`Quota` for fieldwork), anonymous
:class:`Response` rows with their :class:`Answer` rows, and, for a survey known only from a
publication (seed 003), :class:`PublishedFigure` rows.

Respondent identity (:class:`Respondent`: name, phone, consent) is kept apart on purpose
(PIPA §23: political opinions are sensitive data): it has no foreign key to a response and no key
shared with one, so no join can tie an opinion to a person. It only carries a "has responded"
mark that stops a second response.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sijeong.core.models import Municipality


class SurveyMode(models.TextChoices):
    PHONE = "phone", "전화조사"
    ONLINE = "online", "온라인조사"
    ON_SITE = "on_site", "현장조사"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "준비 중"
    FIELDING = "fielding", "조사 중"
    CLOSED = "closed", "조사 종료"
    PUBLISHED = "published", "결과 공개"


class Wave(models.TextChoices):
    NONE = "", "해당 없음"
    PRE = "pre", "숙의 전"
    POST = "post", "숙의 후"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "단일 선택"
    MULTIPLE = "multiple", "복수 선택"
    SCALE = "scale", "척도"
    RANKING = "ranking", "순위"
    OPEN = "open", "주관식"


class Dimension(models.TextChoices):
    GENDER = "gender", "성별"
    AGE_BAND = "age_band", "연령대"
    DISTRICT = "district", "지역"


class Gender(models.TextChoices):
    MALE = "M", "남성"
    FEMALE = "F", "여성"


class AgeBand(models.TextChoices):
    A19 = "19-29", "19~29세"
    A30 = "30-39", "30대"
    A40 = "40-49", "40대"
    A50 = "50-59", "50대"
    A60 = "60-69", "60대"
    A70 = "70+", "70세 이상"


class SurveySeries(models.Model):
    """A survey repeated with the same question codes, e.g. the quarterly city evaluation."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    slug = models.SlugField("주소 이름", max_length=60)
    title = models.CharField("제목", max_length=200)
    description = models.TextField("설명", blank=True)

    class Meta:
        verbose_name = "조사 시리즈"
        verbose_name_plural = "조사 시리즈"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="survey_series_slug"),
        ]

    def __str__(self) -> str:
        return self.title


class Survey(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name="지방자치단체", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("제목", max_length=200)
    purpose = models.TextField("조사 목적", blank=True)
    population = models.CharField(
        "모집단", max_length=300, help_text="예: 파주시 거주 만 19세 이상"
    )
    mode = models.CharField("조사 방법", max_length=10, choices=SurveyMode.choices)
    field_start = models.DateField("조사 시작일")
    field_end = models.DateField("조사 종료일")
    sample_target = models.PositiveIntegerField(
        "표본 수", null=True, blank=True, help_text="모르면 비움"
    )
    status = models.CharField(
        "상태", max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    series = models.ForeignKey(
        SurveySeries,
        verbose_name="조사 시리즈",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
    )
    period_label = models.CharField(
        "조사 회차", max_length=40, blank=True, help_text="예: 2026년 3분기"
    )
    wave = models.CharField(
        "공론조사 차수", max_length=4, choices=Wave.choices, blank=True, default=""
    )
    paired_with = models.ForeignKey(
        "self",
        verbose_name="짝 조사 (숙의 전)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paired_posts",
        help_text="숙의 후 조사가 가리키는 숙의 전 조사",
    )
    is_sample_data = models.BooleanField("예시 자료", default=False)
    published_only = models.BooleanField(
        "공표 수치만 보유", default=False, help_text="원자료 없이 공표된 집계만 있는 조사"
    )
    source_note = models.CharField("출처", max_length=300, blank=True)
    weighting_note = models.CharField("가중치 설명", max_length=300, blank=True)
    weighted_at = models.DateTimeField("가중치 계산 시각", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "여론조사"
        verbose_name_plural = "여론조사"
        ordering = ["-field_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(field_end__gte=models.F("field_start")), name="survey_field_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name="조사", on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField("순서")
    code = models.CharField(
        "문항 코드", max_length=30, help_text="시리즈 안에서 바뀌지 않는 코드 (예: Q1)"
    )
    text = models.TextField("문항")
    kind = models.CharField("유형", max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField("필수", default=True)
    scale_min = models.PositiveSmallIntegerField("척도 최솟값", null=True, blank=True)
    scale_max = models.PositiveSmallIntegerField("척도 최댓값", null=True, blank=True)
    scale_min_label = models.CharField("최솟값 설명", max_length=40, blank=True)
    scale_max_label = models.CharField("최댓값 설명", max_length=40, blank=True)
    condition_question = models.ForeignKey(
        "self",
        verbose_name="조건 문항",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependants",
    )
    condition_codes = models.JSONField(
        "조건 보기",
        default=list,
        blank=True,
        help_text="조건 문항의 답이 이 보기 중 하나일 때만 묻습니다",
    )

    class Meta:
        verbose_name = "문항"
        verbose_name_plural = "문항"
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique"),
            models.UniqueConstraint(fields=["survey", "order"], name="question_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:40]}"


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name="문항", on_delete=models.CASCADE, related_name="options"
    )
    order = models.PositiveIntegerField("순서")
    code = models.CharField("보기 코드", max_length=20)
    label = models.CharField("보기", max_length=200)

    class Meta:
        verbose_name = "보기"
        verbose_name_plural = "보기"
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="option_code_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class PopulationMargin(models.Model):
    """One cell of a population margin used for raking (e.g. gender=F, 231,456 people)."""

    survey = models.ForeignKey(
        Survey, verbose_name="조사", on_delete=models.CASCADE, related_name="margins"
    )
    dimension = models.CharField("구분", max_length=10, choices=Dimension.choices)
    category = models.CharField("범주", max_length=40)
    population = models.PositiveIntegerField("모집단 인구")

    class Meta:
        verbose_name = "모집단 분포"
        verbose_name_plural = "모집단 분포"
        ordering = ["survey", "dimension", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "dimension", "category"], name="margin_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.category} {self.population}"


class Quota(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name="조사", on_delete=models.CASCADE, related_name="quotas"
    )
    dimension = models.CharField("구분", max_length=10, choices=Dimension.choices)
    category = models.CharField("범주", max_length=40)
    max_responses = models.PositiveIntegerField("최대 응답 수")

    class Meta:
        verbose_name = "할당"
        verbose_name_plural = "할당"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "dimension", "category"], name="quota_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.category} ≤ {self.max_responses}"


class ResponseSource(models.TextChoices):
    ONLINE_FORM = "form", "온라인 응답"
    IMPORT = "import", "자료 가져오기"


class Response(models.Model):
    """One anonymous completed questionnaire. Nothing here identifies the respondent."""

    survey = models.ForeignKey(
        Survey, verbose_name="조사", on_delete=models.CASCADE, related_name="responses"
    )
    # A random primary key: an auto-increment id would keep the order of submission, which
    # could be matched against the order respondents' identities were recorded.
    key = models.CharField("응답 번호", max_length=32, primary_key=True, help_text="무작위 번호")
    gender = models.CharField("성별", max_length=1, choices=Gender.choices)
    age_band = models.CharField("연령대", max_length=6, choices=AgeBand.choices)
    district = models.CharField("지역", max_length=40)
    mode = models.CharField("조사 방법", max_length=10, choices=SurveyMode.choices)
    source = models.CharField("입력 경로", max_length=10, choices=ResponseSource.choices)
    weight = models.FloatField("가중치", null=True, blank=True)
    # The day only, for the same reason: a time to the second could be matched to a consent.
    submitted_on = models.DateField("응답일")

    class Meta:
        verbose_name = "응답"
        verbose_name_plural = "응답"
        indexes = [models.Index(fields=["survey", "gender", "age_band", "district"])]

    def __str__(self) -> str:
        return self.key


class Answer(models.Model):
    """One answer: a chosen option (single / multiple), a rank (ranking), a number (scale) or text."""

    response = models.ForeignKey(
        Response, verbose_name="응답", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="문항", on_delete=models.CASCADE, related_name="answers"
    )
    option = models.ForeignKey(
        Option,
        verbose_name="보기",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    number = models.IntegerField(
        "값", null=True, blank=True, help_text="척도 값 또는 순위 (1 = 1순위)"
    )
    text = models.TextField("주관식 답", blank=True)

    class Meta:
        verbose_name = "답"
        verbose_name_plural = "답"
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.response_id} {self.question_id}"


class Respondent(models.Model):
    """A respondent's identity for one survey (contact, consent), kept apart from the answers.

    Deliberately no foreign key to :class:`Response` and no shared key: ``has_responded`` is all
    that connects the two, and it cannot say which response is theirs.
    """

    survey = models.ForeignKey(
        Survey, verbose_name="조사", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("이름", max_length=60)
    phone = models.CharField("전화번호", max_length=20)
    consent = models.BooleanField("개인정보 수집·이용 동의")
    notice_version = models.CharField("고지문 판", max_length=20)
    consented_on = models.DateField("동의일")
    has_responded = models.BooleanField("응답 완료", default=False)

    class Meta:
        verbose_name = "응답자 (신원)"
        verbose_name_plural = "응답자 (신원)"
        constraints = [
            models.UniqueConstraint(fields=["survey", "phone"], name="respondent_one_per_phone"),
        ]

    def __str__(self) -> str:
        return f"응답자 #{self.pk}"


class PublishedFigure(models.Model):
    """A figure as a publication printed it, for a survey whose raw responses we do not hold."""

    survey = models.ForeignKey(
        Survey, verbose_name="조사", on_delete=models.CASCADE, related_name="published_figures"
    )
    order = models.PositiveIntegerField("순서")
    topic = models.CharField("주제", max_length=200)
    label = models.CharField("항목", max_length=200)
    base = models.CharField(
        "기준", max_length=200, blank=True, help_text="예: 전체 응답자, 긍정 평가자 중"
    )
    percent = models.DecimalField("비율 (%)", max_digits=5, decimal_places=1)
    multiple_response = models.BooleanField("복수응답", default=False)
    source_page = models.CharField("출처 위치", max_length=100, blank=True)

    class Meta:
        verbose_name = "공표 수치"
        verbose_name_plural = "공표 수치"
        ordering = ["survey", "order"]

    def __str__(self) -> str:
        return f"{self.topic} {self.label} {self.percent}%"
