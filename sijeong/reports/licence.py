"""공공누리 (Korea Open Government License): the licence every export and report carries.

The municipality model has no licence setting yet, so the type lives here, in one place:
:data:`DEFAULT_TYPE`. :func:`licence_for` is the one seam to change when a city picks its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sijeong.core.models import Municipality


@dataclass(frozen=True)
class Kogl:
    number: int
    conditions: str

    @property
    def name(self) -> str:
        """'제1유형'."""
        return f"제{self.number}유형"

    @property
    def label(self) -> str:
        """'공공누리 제1유형 (출처표시)'."""
        return f"공공누리 {self.name} ({self.conditions})"

    @property
    def code(self) -> str:
        """ASCII form for HTTP headers: 'KOGL-Type1'."""
        return f"KOGL-Type{self.number}"

    @property
    def url(self) -> str:
        return f"https://www.kogl.or.kr/info/licenseType{self.number}.do"

    @property
    def filename_tag(self) -> str:
        """'공공누리제1유형', as it appears in file names."""
        return f"공공누리{self.name}"

    def notice(self, municipality: Municipality) -> str:
        uses = {
            1: "출처를 밝히면 상업적으로 이용하거나 바꾸어 쓸 수 있습니다",
            2: "출처를 밝히면 이용할 수 있으나 상업적으로 이용할 수 없습니다",
            3: "출처를 밝히면 상업적으로 이용할 수 있으나 바꾸어 쓸 수 없습니다",
            4: "출처를 밝히면 이용할 수 있으나 상업적으로 이용하거나 바꾸어 쓸 수 없습니다",
        }[self.number]
        return (
            f"이 자료는 {self.label} 조건에 따라 개방한 {municipality.name}의 공공저작물로, "
            f"{uses}. 출처 표시 예: '{municipality.name}, 시정 공개 자료'. 이용 조건: {self.url}"
        )


TYPES = {
    1: Kogl(1, "출처표시"),
    2: Kogl(2, "출처표시, 상업적 이용금지"),
    3: Kogl(3, "출처표시, 변경금지"),
    4: Kogl(4, "출처표시, 상업적 이용금지, 변경금지"),
}

#: The licence of every export until a municipality setting exists.
DEFAULT_TYPE = 1


def licence_for(municipality: Municipality) -> Kogl:
    return TYPES[DEFAULT_TYPE]
