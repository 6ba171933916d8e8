"""No resident registration number (주민등록번호) is collected or shown anywhere."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

from sijeong.core.errors import InvalidInput
from sijeong.participation.models import Participant
from sijeong.participation.services.roundtables import participant_register
from sijeong.participation.tests.factories import RoundTableFactory
from sijeong.privacy.models import ConsentRecord
from sijeong.privacy.rrn import looks_like_rrn, refuse_rrn

ROOT = Path(settings.BASE_DIR)
NAME_RE = re.compile(r"rrn|jumin|resident_?reg|resident_?no|ssn|주민\s*등록|주민\s*번호", re.I)
FORM_MODULES = [
    "sijeong.web.participation_forms.RegistrationForm",
    "sijeong.web.participation_forms.BallotForm",
    "sijeong.web.deliberation.ScoreSheetForm",
    "sijeong.documents.forms",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("900101-1234567", True),
        ("주민번호 900101 - 2234567 입니다", True),
        ("9001011234567", True),
        ("051231-4123456", True),
        ("900101-9234567", False),  # back part starts 1–8
        ("901301-1234567", False),  # month 13
        ("010-1234-5678", False),
        ("01012345678", False),
        ("사업비 1,234,567원, 2024-1234567", False),
        ("1900101-1234567", False),  # more digits before: an account number
    ],
)
def test_pattern(text: str, expected: bool) -> None:
    assert looks_like_rrn(text) is expected


def test_no_model_field_is_a_resident_registration_number() -> None:
    offenders = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            label = (
                str(getattr(field, "verbose_name", "")) + " " + str(getattr(field, "help_text", ""))
            )
            if NAME_RE.search(field.name) or NAME_RE.search(label):
                offenders.append(f"{model._meta.label}.{field.name}")
    assert offenders == []
    assert len(apps.get_models()) > 80  # the scan saw every app's models


def test_no_form_field_asks_for_one() -> None:
    seen = 0
    for path in FORM_MODULES:
        target = import_module(path) if path.endswith(".forms") else import_string(path)
        classes = (
            [target]
            if isinstance(target, type)
            else [
                v
                for v in vars(target).values()
                if isinstance(v, type) and issubclass(v, forms.BaseForm)
            ]
        )
        for cls in classes:
            for name, field in getattr(cls, "base_fields", {}).items():
                seen += 1
                assert not NAME_RE.search(name), f"{cls.__name__}.{name}"
                assert not NAME_RE.search(str(field.label or "")), f"{cls.__name__}.{name}"
    assert seen >= 12


def test_no_template_or_example_holds_one() -> None:
    files = [
        p
        for pattern in (
            "sijeong/**/templates/**/*.html",
            "examples/**/*.md",
            "examples/**/*.txt",
            "examples/**/*.json",
        )
        for p in ROOT.glob(pattern)
    ]
    assert len(files) > 30
    input_re = re.compile(r"<input[^>]*(name|id)=\"[^\"]*(rrn|jumin|resident|ssn)", re.I)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not looks_like_rrn(text), path
        assert not input_re.search(text), path
        # documents may speak of 주민등록 인구; pages never ask for a number (the policy page says so)
        if path.suffix == ".html" and "privacy" not in path.name:
            assert not NAME_RE.search(text), path


def test_refuse_rrn_message() -> None:
    with pytest.raises(InvalidInput) as info:
        refuse_rrn("저는 900101-1234567", "이름", "name")
    assert str(info.value) == (
        "이름에 주민등록번호로 보이는 숫자가 있습니다. 주민등록번호는 받지 않으니 지우고 다시 입력하세요."
    )
    assert info.value.field == "name"
    refuse_rrn("홍길동", "이름", "name")  # passes


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [("name", "홍길동 900101-1234567", "이름"), ("district", "금촌동 9001011234567", "읍·면·동")],
)
def test_registration_refuses_an_rrn(db: None, field: str, value: str, label: str) -> None:
    rt = RoundTableFactory()
    data = {"name": "홍길동", "district": "금촌동", field: value}
    with pytest.raises(InvalidInput) as info:
        participant_register(
            roundtable=rt,
            contact="010-1234-5678",
            age_band="30s",
            gender="female",
            consent_personal=True,
            consent_opinions=True,
            **data,
        )
    assert str(info.value) == (
        f"{label}에 주민등록번호로 보이는 숫자가 있습니다. 주민등록번호는 받지 않으니 지우고 다시 입력하세요."
    )
    assert (Participant.objects.count(), ConsentRecord.objects.count()) == (0, 0)


def test_registration_records_consent_per_purpose(db: None) -> None:
    rt = RoundTableFactory()
    adult = participant_register(
        roundtable=rt,
        name="홍길동",
        contact="010-1234-5678",
        age_band="30s",
        gender="female",
        district="금촌동",
        consent_personal=True,
        consent_opinions=True,
    )
    child = participant_register(
        roundtable=rt,
        name="홍아이",
        contact="010-1234-5679",
        age_band="under_14",
        gender="male",
        district="금촌동",
        consent_personal=True,
        consent_opinions=True,
        guardian_name="홍길동",
        guardian_consent=True,
    )
    rows = list(
        ConsentRecord.objects.order_by("pk").values_list(
            "pool", "subject_id", "purpose", "notice_version", "given_at", "withdrawn_at"
        )
    )
    assert rows == [
        (
            "roundtable_participant",
            str(adult.pk),
            "personal_data",
            "2026-1",
            adult.consented_at,
            None,
        ),
        ("roundtable_participant", str(adult.pk), "opinions", "2026-1", adult.consented_at, None),
        (
            "roundtable_participant",
            str(child.pk),
            "personal_data",
            "2026-1",
            child.consented_at,
            None,
        ),
        ("roundtable_participant", str(child.pk), "opinions", "2026-1", child.consented_at, None),
        ("roundtable_participant", str(child.pk), "guardian", "2026-1", child.consented_at, None),
    ]
