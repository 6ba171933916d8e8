"""Staff pages: upload a document, preview the parse beside the source, confirm the import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sijeong.accounts.permissions import can_manage_municipality, can_use_staff_site, is_admin
from sijeong.core.errors import DomainError
from sijeong.core.models import Municipality
from sijeong.documents.forms import UploadForm
from sijeong.documents.models import ImportRun, RunStatus
from sijeong.documents.parsing.api import parse_document
from sijeong.documents.parsing.document import Document, Paragraph, Table
from sijeong.documents.parsing.findings import ParseError
from sijeong.documents.parsing.kinds import KINDS
from sijeong.documents.parsing.readers import read_bytes
from sijeong.documents.services import document_import, summary_lines

PAGE = 20


def _managed(request: HttpRequest) -> Any:
    user = request.user
    if not can_use_staff_site(user):
        raise Http404("담당자만 쓸 수 있는 화면입니다.")
    qs = Municipality.objects.order_by("name")
    if is_admin(user):
        return qs
    return qs.filter(pk=getattr(user, "municipality_id", None)).filter(
        pk__in=[m.pk for m in qs if can_manage_municipality(user, m)]
    )


def preview_text(doc: Document) -> str:
    if doc.text:
        return doc.text
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            lines.extend(" | ".join(row) for row in block.rows)
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.append(block.text)
    return "\n".join(lines)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    municipalities = _managed(request)
    runs = ImportRun.objects.filter(municipality__in=municipalities).select_related("municipality")[
        :PAGE
    ]
    form = UploadForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            doc = read_bytes(upload.read(), upload.name)
            document = parse_document(doc, form.cleaned_data["kind"] or None)
            run = document_import(
                actor=request.user,  # type: ignore[arg-type]
                document=document,
                municipality=form.cleaned_data["municipality"],
                dry_run=True,
                source_text=preview_text(doc),
            )
        except ParseError as exc:
            form.add_error("file", exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("documents:run", pk=run.pk)
    return render(
        request,
        "documents/upload.html",
        {"form": form, "runs": runs, "no_access": not municipalities},
    )


def _run(request: HttpRequest, pk: int) -> ImportRun:
    run = get_object_or_404(ImportRun, pk=pk)
    managed = run.municipality is not None and run.municipality in _managed(request)
    if not managed and not is_admin(request.user):
        raise Http404("가져오기 기록을 찾을 수 없습니다.")
    return run


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    by_line: dict[int, list[dict[str, Any]]] = {}
    for f in run.findings:
        if f.get("line"):
            by_line.setdefault(int(f["line"]), []).append(f)
    lines = [
        {"number": i, "text": text, "findings": by_line.get(i, [])}
        for i, text in enumerate(run.source_text.split("\n"), 1)
    ]
    counts = {
        s: sum(1 for f in run.findings if f["severity"] == s) for s in ("error", "warning", "info")
    }
    label = KINDS[run.kind].LABEL if run.kind in KINDS else run.kind
    return render(
        request,
        "documents/run.html",
        {
            "run": run,
            "lines": lines,
            "counts": counts,
            "kind_label": label,
            "records": _records(run),
            "summary": summary_lines(run.summary),
        },
    )


def _records(run: ImportRun) -> list[dict[str, Any]]:
    """A short, readable list of what the document holds, for the preview."""
    doc = run.document or {}
    out: list[dict[str, Any]] = []
    for cat in doc.get("categories") or []:
        for p in cat.get("pledges") or []:
            inv = p.get("investment") or {}
            out.append(
                {
                    "key": p.get("code"),
                    "title": p.get("title"),
                    "detail": p.get("department"),
                    "amount": inv.get("total"),
                    "unit": inv.get("unit_in_document"),
                }
            )
    for field in ("projects", "programs", "events", "committees", "sectors", "awards", "people"):
        for item in doc.get(field) or []:
            out.append(
                {
                    "key": field,
                    "title": item.get("name") or item.get("title") or "",
                    "detail": item.get("department")
                    or item.get("team")
                    or item.get("account")
                    or "",
                    "amount": item.get("budget") or item.get("budget_current"),
                    "unit": "원",
                }
            )
    return out


@login_required
@require_POST
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if run.status != RunStatus.DRY_RUN or run.document is None:
        messages.error(request, "미리보기 상태의 기록만 확정할 수 있습니다.")
        return redirect("documents:run", pk=run.pk)
    try:
        applied = document_import(
            actor=request.user,  # type: ignore[arg-type]
            document=run.document,
            municipality=run.municipality,
            source_text=run.source_text,
        )
    except DomainError as exc:
        messages.error(request, f"가져오지 못했습니다: {exc.message}")
        return redirect("documents:run", pk=run.pk)
    run.status = RunStatus.CONFIRMED
    run.save(update_fields=["status"])
    if applied.status == RunStatus.UNCHANGED:
        messages.info(request, "이미 같은 내용이 있어 바뀐 것이 없습니다.")
    else:
        messages.success(request, "가져오기를 마쳤습니다.")
    return redirect("documents:run", pk=applied.pk)
