"""Forms of the public round-table pages. They check shape only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from sijeong.participation.models import AgeBand, Gender, Session


class RegistrationForm(forms.Form):
    name = forms.CharField(label="이름", max_length=40)
    contact = forms.CharField(
        label="연락처", max_length=80, help_text="휴대전화 번호 또는 전자우편"
    )
    age_band = forms.ChoiceField(label="연령대", choices=AgeBand.choices)
    gender = forms.ChoiceField(label="성별", choices=Gender.choices)
    district = forms.CharField(label="사는 곳 (읍·면·동)", max_length=40)
    session = forms.ModelChoiceField(
        label="참가 회차", queryset=Session.objects.none(), required=False
    )
    consent_personal = forms.BooleanField(
        label="개인정보 수집·이용에 동의합니다 (필수)", required=False
    )
    consent_opinions = forms.BooleanField(label="의견 기록에 동의합니다 (필수)", required=False)
    guardian_name = forms.CharField(
        label="법정대리인 이름 (14세 미만)", max_length=40, required=False
    )
    guardian_consent = forms.BooleanField(
        label="법정대리인이 동의합니다 (14세 미만)", required=False
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        self.fields["session"].empty_label = "회차 선택 안 함"  # type: ignore[attr-defined]


class BallotForm(forms.Form):
    code = forms.CharField(
        label="참여자 코드", max_length=20, help_text="신청할 때 받은 8자리 코드"
    )
    proposals = forms.TypedMultipleChoiceField(label="투표할 제안", coerce=int, required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = choices  # type: ignore[attr-defined]
        self.fields["proposals"].widget = forms.CheckboxSelectMultiple(choices=choices)
