from __future__ import annotations

import re

from django.test import Client, override_settings

from sijeong.privacy.services import retention_set
from tests.factories import MunicipalityFactory


def _rows(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<th scope="row">([^<]+)</th>(?:<td>[^<]*</td>){2}<td class="num">(\d+)일</td>', html
    )


@override_settings(SIJEONG_PRIVACY_OFFICER="개인정보 보호책임자: 자치행정과장 (031-940-0000)")
def test_policy_page_with_the_municipalitys_retention(db: None) -> None:
    city = MunicipalityFactory(name="파주시", slug="paju")
    retention_set(actor=None, municipality=city, pool="survey_respondent", days=90)
    html = Client().get("/paju/privacy/").content.decode()
    assert "<h1>파주시 개인정보 처리방침</h1>" in html
    assert _rows(html) == [
        ("원탁회의 참여자", "365"),
        ("여론조사 응답자", "90"),
        ("공론조사 시민추진단 위원", "365"),
        ("위원회 위원", "730"),
        ("명예시장 후보", "365"),
    ]
    assert "개인정보를 제3자에게 제공하지 않으며" in html
    assert "<p>개인정보 보호책임자: 자치행정과장 (031-940-0000)</p>" in html
    assert "주민등록번호는 어떤 경우에도 받지 않습니다." in html


def test_platform_page_defaults_and_footer_link(db: None) -> None:
    client = Client()
    response = client.get("/privacy/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>개인정보 처리방침</h1>" in html
    assert [days for _label, days in _rows(html)] == ["365", "180", "365", "730", "365"]
    assert "(운영 기관이 설정에서 이름과 연락처를 지정하세요)" in html
    home = client.get("/").content.decode()
    assert '<a href="/privacy/"><strong>개인정보 처리방침</strong></a>' in home
    assert client.get("/nowhere/privacy/").status_code == 404
