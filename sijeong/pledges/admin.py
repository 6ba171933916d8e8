"""Staff pages for pledges. Every save goes through sijeong.pledges.services (see admin_support)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from sijeong.accounts.permissions import (
    can_edit_pledge,
    can_manage_municipality,
    can_use_staff_site,
    is_admin,
)
from sijeong.core.admin_support import (
    ReadOnlyAdmin,
    ServiceAdminMixin,
    ServiceForm,
    ServiceInlineMixin,
)
from sijeong.core.models import OrgUnit
from sijeong.pledges import services
from sijeong.pledges.models import (
    CentralCooperation,
    ChangeRequest,
    ChangeStep,
    InvestmentRow,
    InvestmentYear,
    Pledge,
    PledgeCategory,
    PledgeComment,
    PledgeLineage,
    PledgePhase,
    PledgeProject,
    PledgeStatus,
    PledgeTarget,
    ProgressEntry,
    StatusChange,
    YearlyPlanEntry,
)

# --- forms ------------------------------------------------------------------------------------


class PledgeForm(ServiceForm):
    central_cooperation = forms.MultipleChoiceField(
        label="중앙정부 협조",
        choices=CentralCooperation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_status = forms.ChoiceField(
        label="추진상태 변경",
        required=False,
        choices=[("", "바꾸지 않음"), *PledgeStatus.choices],
        help_text=(
            "보류·폐기·완료는 공약 변경 요청(주관부서 작성 → 총괄부서 검토 → 평가단 심의 → "
            "승인 → 공개)으로만 바꿀 수 있습니다. 완료된 공약의 이행후 계속추진은 여기서 "
            "완료일과 함께 바꿉니다."
        ),
    )
    status_reason = forms.CharField(
        label="변경 사유", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    status_completed_on = forms.DateField(
        label="완료일", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    new_progress_pct = forms.IntegerField(
        label="진척률(%)", required=False, min_value=0, max_value=100
    )

    class Meta:
        model = Pledge
        fields = [*services.PLEDGE_FIELDS, "cooperating_departments"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["new_progress_pct"].initial = self.instance.progress_pct

    def call_service(self) -> Pledge:
        data = {f: self.cleaned_data[f] for f in services.PLEDGE_FIELDS if f in self.cleaned_data}
        coop = self.cleaned_data.get("cooperating_departments") or []
        reason = self.cleaned_data.get("status_reason", "")
        if self.instance.pk is None:
            pledge = services.pledge_create(
                actor=self.actor,
                category=data.pop("category"),
                code=data.pop("code"),
                title=data.pop("title"),
                lead_department=data.pop("lead_department"),
                cooperating_departments=coop,
                **data,
            )
        else:
            changed = {f: data[f] for f in self.changed_data if f in data}
            pledge = services.pledge_update(
                actor=self.actor,
                pledge=self.instance,
                reason=reason,
                cooperating_departments=coop
                if "cooperating_departments" in self.changed_data
                else None,
                **changed,
            )
        new_status = self.cleaned_data.get("new_status")
        progress = (
            self.cleaned_data.get("new_progress_pct")
            if "new_progress_pct" in self.changed_data
            else None
        )
        if new_status:
            services.pledge_change_status(
                actor=self.actor,
                pledge=pledge,
                to_status=new_status,
                reason=reason,
                progress_pct=progress,
                completed_on=self.cleaned_data.get("status_completed_on"),
            )
        elif progress is not None and progress != pledge.progress_pct:
            services.pledge_set_progress(
                actor=self.actor, pledge=pledge, progress_pct=progress, reason=reason
            )
        return pledge


class PartForm(ServiceForm):
    """An inline row of a pledge card."""

    def can_dry_run(self) -> bool:
        return self.instance.pledge_id is not None

    @property
    def pledge(self) -> Pledge:
        return Pledge.objects.select_related("municipality", "lead_department", "term").get(
            pk=self.instance.pledge_id
        )

    def delete_via_service(self) -> None:
        model = type(self.instance)
        services.part_delete(
            actor=self.actor, pledge=self.pledge, obj=model.objects.get(pk=self.instance.pk)
        )


class ProjectForm(PartForm):
    class Meta:
        model = PledgeProject
        fields = ["name", "order"]

    def call_service(self) -> PledgeProject:
        d = self.cleaned_data
        return services.project_save(
            actor=self.actor,
            pledge=self.pledge,
            name=d["name"],
            order=d["order"] or 0,
            pk=self.instance.pk,
        )


class PhaseForm(PartForm):
    items = forms.CharField(
        label="세부 내용",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="한 줄에 하나씩",
    )

    class Meta:
        model = PledgePhase
        fields = ["order", "name", "title", "items"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["items"] = "\n".join(self.instance.items)

    def clean_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]

    def call_service(self) -> PledgePhase:
        d = self.cleaned_data
        return services.phase_save(
            actor=self.actor,
            pledge=self.pledge,
            name=d["name"],
            title=d["title"],
            items=d["items"],
            order=d["order"] or 0,
            pk=self.instance.pk,
        )


class TargetForm(PartForm):
    class Meta:
        model = PledgeTarget
        fields = ["year", "target", "met", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 2})}

    def call_service(self) -> PledgeTarget:
        d = self.cleaned_data
        return services.target_save(
            actor=self.actor,
            pledge=self.pledge,
            year=d["year"],
            target=d["target"],
            met=d["met"],
            evidence=d["evidence"],
            pk=self.instance.pk,
        )


class PlanForm(PartForm):
    class Meta:
        model = YearlyPlanEntry
        fields = ["project", "period", "plan"]
        widgets = {"plan": forms.TextInput(attrs={"size": 50})}

    def call_service(self) -> YearlyPlanEntry:
        d = self.cleaned_data
        return services.plan_save(
            actor=self.actor,
            pledge=self.pledge,
            period=d["period"],
            plan=d["plan"],
            project=d["project"],
            pk=self.instance.pk,
        )


class InvestmentRowForm(PartForm):
    class Meta:
        model = InvestmentRow
        fields = ["project", "source", "total_cost", "prior"]

    def call_service(self) -> InvestmentRow:
        d = self.cleaned_data
        return services.investment_row_save(
            actor=self.actor,
            pledge=self.pledge,
            source=d["source"],
            total_cost=d["total_cost"],
            prior=d["prior"],
            project=d["project"],
            pk=self.instance.pk,
        )


class ProgressForm(PartForm):
    class Meta:
        model = ProgressEntry
        fields = ["project", "date", "precision", "date_end", "end_precision", "text", "order"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "date": forms.DateInput(attrs={"type": "date"}),
            "date_end": forms.DateInput(attrs={"type": "date"}),
        }

    def call_service(self) -> ProgressEntry:
        d = self.cleaned_data
        return services.progress_save(
            actor=self.actor,
            pledge=self.pledge,
            text=d["text"],
            date=d["date"],
            precision=d["precision"],
            date_end=d["date_end"],
            end_precision=d["end_precision"],
            project=d["project"],
            order=d["order"] or 0,
            pk=self.instance.pk,
        )


class InvestmentYearForm(ServiceForm):
    class Meta:
        model = InvestmentYear
        fields = ["year", "planned", "secured", "spent"]

    def can_dry_run(self) -> bool:
        return self.instance.row_id is not None

    def _row(self) -> InvestmentRow:
        return InvestmentRow.objects.select_related(
            "pledge__municipality", "pledge__lead_department", "pledge__term"
        ).get(pk=self.instance.row_id)

    def call_service(self) -> InvestmentYear:
        d = self.cleaned_data
        return services.investment_year_save(
            actor=self.actor,
            row=self._row(),
            year=d["year"],
            planned=d["planned"],
            secured=d["secured"],
            spent=d["spent"],
            pk=self.instance.pk,
        )

    def delete_via_service(self) -> None:
        row = self._row()
        services.part_delete(
            actor=self.actor, pledge=row.pledge, obj=InvestmentYear.objects.get(pk=self.instance.pk)
        )


# --- inlines ----------------------------------------------------------------------------------


class PartInline(ServiceInlineMixin, admin.TabularInline):
    extra = 0

    def _editable(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None:
            return can_use_staff_site(request.user)
        return can_edit_pledge(request.user, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_use_staff_site(request.user)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        project_field = formset.form.base_fields.get("project")
        if project_field is not None:
            project_field.queryset = (
                PledgeProject.objects.filter(pledge=obj) if obj else PledgeProject.objects.none()
            )
        return formset


class ProjectInline(PartInline):
    model = PledgeProject
    form = ProjectForm


class PhaseInline(PartInline):
    model = PledgePhase
    form = PhaseForm


class TargetInline(PartInline):
    model = PledgeTarget
    form = TargetForm


class PlanInline(PartInline):
    model = YearlyPlanEntry
    form = PlanForm


class InvestmentRowInline(PartInline):
    model = InvestmentRow
    form = InvestmentRowForm
    readonly_fields = ["years_link"]
    fields = ["project", "source", "total_cost", "prior", "years_link"]

    @admin.display(description="연도별 금액")
    def years_link(self, obj: InvestmentRow) -> str:
        if not obj.pk:
            return "저장 후 입력"
        url = reverse("admin:pledges_investmentrow_change", args=[obj.pk])
        return format_html('<a href="{}">연도별 계획·확보·집행 편집</a>', url)


class ProgressInline(PartInline):
    model = ProgressEntry
    form = ProgressForm


# --- model admins -----------------------------------------------------------------------------


@admin.register(Pledge)
class PledgeAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = PledgeForm
    list_display = [
        "code",
        "title",
        "category",
        "lead_department",
        "status",
        "progress_pct",
        "public_link",
    ]
    list_display_links = ["code", "title"]
    list_filter = ["term", "category", "lead_department", "status"]
    search_fields = ["code", "title", "goal", "overview"]
    readonly_fields = ["status", "progress_pct", "completed_on"]
    inlines = [
        ProjectInline,
        TargetInline,
        PhaseInline,
        PlanInline,
        InvestmentRowInline,
        ProgressInline,
    ]
    fieldsets = [
        (
            "기본 정보",
            {"fields": ["category", "code", "title", "lead_department", "cooperating_departments"]},
        ),
        (
            "공약 속성",
            {
                "fields": [
                    "project_type",
                    "executor",
                    "completion",
                    "budget_type",
                    "central_cooperation",
                    "stage",
                ]
            },
        ),
        (
            "사업목표와 개요",
            {
                "fields": ["goal_title", "goal", "overview"],
                "description": (
                    '등록한 공약의 공약명·사업목표 제목·사업목표·사업개요는 <a href="/staff/changes/">'
                    "공약 변경 요청</a>(주관부서 작성 → 총괄부서 검토 → 평가단 심의 → 승인 → 공개)"
                    "으로만 바꿀 수 있습니다."
                ),
            },
        ),
        ("투자계획", {"fields": ["investment_unit", "investment_note"]}),
        (
            "추진상태",
            {
                "fields": [
                    "status",
                    "progress_pct",
                    "completed_on",
                    "new_status",
                    "status_reason",
                    "status_completed_on",
                    "new_progress_pct",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """What a registered pledge promises changes only through a change request."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, *services.PROMISE_FIELDS] if obj is not None else fields

    @admin.display(description="공개 화면")
    def public_link(self, obj: Pledge) -> str:
        url = reverse(
            "web:pledge_detail", kwargs={"municipality": obj.municipality.slug, "code": obj.code}
        )
        return format_html('<a href="{}" target="_blank" rel="noopener">보기</a>', url)

    def get_queryset(self, request: HttpRequest) -> Any:
        return (
            super()
            .get_queryset(request)
            .select_related("category", "lead_department", "municipality")
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user = request.user
        if not is_admin(user):
            if db_field.name == "category":
                kwargs["queryset"] = PledgeCategory.objects.filter(
                    municipality_id=user.municipality_id
                )  # type: ignore[union-attr]
            if db_field.name == "lead_department":
                kwargs["queryset"] = OrgUnit.objects.filter(municipality_id=user.municipality_id)  # type: ignore[union-attr]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "cooperating_departments" and not is_admin(request.user):
            kwargs["queryset"] = OrgUnit.objects.filter(
                municipality_id=request.user.municipality_id
            )  # type: ignore[union-attr]
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return is_admin(user) or (
            user.is_authenticated
            and getattr(user, "municipality", None) is not None
            and can_manage_municipality(user, user.municipality)  # type: ignore[union-attr]
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            can_use_staff_site(request.user) if obj is None else can_edit_pledge(request.user, obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a pledge is dropped (폐기) with a reason, never deleted


@admin.register(InvestmentRow)
class InvestmentRowAdmin(ServiceAdminMixin, admin.ModelAdmin):
    municipality_path = "pledge__municipality"
    list_display = ["pledge", "project", "source", "total_cost", "prior"]
    list_filter = ["source", "pledge__lead_department"]
    readonly_fields = ["pledge", "project", "source", "total_cost", "prior"]

    class YearInline(ServiceInlineMixin, admin.TabularInline):
        model = InvestmentYear
        form = InvestmentYearForm
        extra = 1

        def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return obj is not None and can_edit_pledge(request.user, obj.pledge)

        def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return obj is not None and can_edit_pledge(request.user, obj.pledge)

        def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return obj is not None and can_edit_pledge(request.user, obj.pledge)

        def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return can_use_staff_site(request.user)

    inlines = [YearInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # rows are added on the pledge page

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            can_use_staff_site(request.user)
            if obj is None
            else can_edit_pledge(request.user, obj.pledge)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        return None  # the row's own fields are read-only here; only its years are edited


class CategoryForm(ServiceForm):
    class Meta:
        model = PledgeCategory
        fields = ["municipality", "term", "code", "title", "vision"]

    def call_service(self) -> PledgeCategory:
        if self.instance.pk:
            from sijeong.core.errors import InvalidInput

            raise InvalidInput("등록된 공약 분야는 여기서 바꿀 수 없습니다.")
        d = self.cleaned_data
        return services.category_create(
            actor=self.actor,
            municipality=d["municipality"],
            term=d["term"],
            code=d["code"],
            title=d["title"],
            vision=d["vision"],
        )


@admin.register(PledgeCategory)
class PledgeCategoryAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = CategoryForm
    list_display = ["code", "title", "vision", "term", "municipality"]
    list_filter = ["municipality", "term"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return is_admin(user) or (
            user.is_authenticated
            and getattr(user, "municipality", None) is not None
            and can_manage_municipality(user, user.municipality)  # type: ignore[union-attr]
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    municipality_path = "pledge__municipality"
    list_display = [
        "pledge",
        "from_status",
        "to_status",
        "progress_pct",
        "effective_on",
        "actor",
        "reason",
    ]
    list_filter = ["to_status", "pledge__lead_department"]


class CommentForm(ServiceForm):
    class Meta:
        model = PledgeComment
        fields = ["pledge", "body"]

    def call_service(self) -> PledgeComment:
        return services.comment_add(
            actor=self.actor, pledge=self.cleaned_data["pledge"], body=self.cleaned_data["body"]
        )


@admin.register(PledgeComment)
class PledgeCommentAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = CommentForm
    municipality_path = "pledge__municipality"
    list_display = ["pledge", "author", "created_at", "body"]
    list_filter = ["pledge__lead_department"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "pledge" and not is_admin(request.user):
            kwargs["queryset"] = Pledge.objects.filter(municipality_id=request.user.municipality_id)  # type: ignore[union-attr]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_use_staff_site(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # comments are kept as written

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- change requests and lineage: shown here, moved only through their services --------------


class ChangeStepInline(admin.TabularInline):
    model = ChangeStep
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "actor", "note"]
    readonly_fields = ["at", "from_state", "to_state", "actor", "note"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    municipality_path = "pledge__municipality"
    list_display = ["pledge", "kind", "state", "drafted_by", "created_at", "published_at"]
    list_filter = ["kind", "state"]
    inlines = [ChangeStepInline]


@admin.register(PledgeLineage)
class PledgeLineageAdmin(ReadOnlyAdmin):
    list_display = ["kind", "effective_on", "term", "reason", "actor"]
    list_filter = ["kind"]
