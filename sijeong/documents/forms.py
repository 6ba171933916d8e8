from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from sijeong.core.models import Municipality
from sijeong.documents.parsing.kinds import KINDS


class UploadForm(forms.Form):
    file = forms.FileField(label="문서 파일", help_text="txt·md·hwpx·hwp·json")
    municipality = forms.ModelChoiceField(
        label="지방자치단체", queryset=Municipality.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label="문서 종류", required=False)

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", "자동으로 알아내기")] + [
            (k, f"{m.LABEL} ({k})") for k, m in KINDS.items()
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.SIJEONG_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"파일이 너무 큽니다: {upload.size:,}바이트 (최대 {limit:,}바이트)."
            )
        if upload.size == 0:
            raise forms.ValidationError("빈 파일입니다.")
        return upload
