"""Korean search over one municipality's public records, tolerant of particles and spacing.

Each record (pledge, budget program, work plan, proposal, round-table, committee) becomes a
document with its content terms (textanalysis: normalise, then kiwipiepy morphemes through the
synonym lexicon) and its text without spaces. A query matches a document when every word of the
query matches, a word matching when

- the word without spaces and without a trailing particle (을·를·의·에서 …) occurs in the
  document's text without spaces ("청년일자리를" finds "청년 일자리"), or
- each of the word's content terms of two or more letters is a term of the document or occurs
  in its text without spaces ("지원하는" finds "지원"; "행정 복지 센터" finds "주민센터" through
  the synonym lexicon).

A word whose terms are all one letter long must occur as text. Hits rank by where they matched
(title before body) and then by kind and title. The index of a municipality is cached, keyed by
its data version (the latest audit entry), so a query analyses only itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.urls import reverse

from sijeong.budgets import selectors as budgets
from sijeong.core.errors import NotFound
from sijeong.core.models import Municipality
from sijeong.core.selectors import data_version, term_get
from sijeong.participation import selectors as participation
from sijeong.pledges import selectors as pledges
from sijeong.proposals import selectors as proposals
from textanalysis.features import Analyzer
from textanalysis.normalize import despace, normalize

CACHE_SECONDS = 3600
MAX_QUERY = 100
CHUNK = 1500

#: particles and endings stripped from the end of a query word, longest first
_PARTICLE_TEXT = (
    "에서부터 으로부터 에게서 이라는 으로서 으로써 에서는 에서도 까지 부터 에서 에게 "
    "으로 이나 이랑 하고 처럼 보다 라는 이란 들을 들의 들이 은 는 이 가 을 를 의 에 로 "
    "와 과 도 만 나 란"
)
PARTICLES = sorted(_PARTICLE_TEXT.split(), key=len, reverse=True)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str


PLEDGE = Kind("pledge", "공약")
PROGRAM = Kind("program", "예산사업")
WORK_PLAN = Kind("work_plan", "업무계획")
PROPOSAL = Kind("proposal", "정책제안")
ROUNDTABLE = Kind("roundtable", "원탁회의")
COMMITTEE = Kind("committee", "위원회")
KINDS = [PLEDGE, PROGRAM, WORK_PLAN, PROPOSAL, ROUNDTABLE, COMMITTEE]
KIND_ORDER = {k.key: i for i, k in enumerate(KINDS)}


@dataclass
class Document:
    kind: str
    title: str
    url: str
    summary: str
    body: str
    label: str = ""  # e.g. the pledge code, shown before the title
    title_terms: frozenset[str] = field(default_factory=frozenset)
    terms: frozenset[str] = field(default_factory=frozenset)
    title_flat: str = ""
    flat: str = ""


@dataclass(frozen=True)
class Hit:
    document: Document
    score: int

    @property
    def kind_label(self) -> str:
        return KINDS[KIND_ORDER[self.document.kind]].label


@dataclass(frozen=True)
class Word:
    text: str  # without spaces and trailing particle
    terms: tuple[str, ...]  # content terms of two letters or more


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pledge_documents(m: Municipality) -> Iterable[Document]:
    try:
        term = term_get(m)
    except NotFound:
        return
    for p in pledges.pledge_list(m, term):
        yield Document(
            kind=PLEDGE.key,
            label=p.code,
            title=p.title,
            url=reverse("web:pledge_detail", args=[m.slug, p.code]),
            summary=_short(p.goal or p.overview),
            body=" ".join(
                [PLEDGE.label, p.code, p.goal_title, p.goal, p.overview, p.lead_department.name]
            ),
        )


def _program_documents(m: Municipality) -> Iterable[Document]:
    for p in budgets.program_list(m):
        yield Document(
            kind=PROGRAM.key,
            label=str(p.year),
            title=p.name,
            url=reverse("web:program_detail", args=[m.slug, p.pk]),
            summary=_short(p.content or p.purpose),
            body=" ".join(
                [
                    PROGRAM.label,
                    p.account_name,
                    p.content,
                    p.purpose,
                    p.department_name,
                    p.bureau_name,
                    *p.description,
                    *p.expected_effects,
                ]
            ),
        )


def _work_plan_documents(m: Municipality) -> Iterable[Document]:
    for w in budgets.work_plan_list(m):
        yield Document(
            kind=WORK_PLAN.key,
            label=str(w.year),
            title=f"{w.department_name} 업무계획",
            url=reverse("web:work_plan_detail", args=[m.slug, w.pk]),
            summary=_short(w.vision),
            body=" ".join([WORK_PLAN.label, w.vision, *w.goals, *_texts(w.sections)]),
        )


def _texts(value: Any) -> Iterable[str]:
    """Every string inside a parsed JSON outline (a work plan's sections)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def _proposal_documents(m: Municipality) -> Iterable[Document]:
    for p in proposals.proposal_list(m):
        yield Document(
            kind=PROPOSAL.key,
            label=p.label.strip("【】"),
            title=p.title,
            url=reverse("web:proposal_detail", args=[m.slug, p.pk]),
            summary=_short(p.body or (p.book.title if p.book else "시민제안")),
            body=" ".join([PROPOSAL.label, p.group, p.body, p.origin_note, str(p.sector or "")]),
        )


def _roundtable_documents(m: Municipality) -> Iterable[Document]:
    for rt in participation.roundtables(m):
        title = rt.topic if rt.title == rt.topic else f"{rt.topic} — {rt.title}"
        yield Document(
            kind=ROUNDTABLE.key,
            title=title,
            url=reverse("web:roundtable_detail", args=[m.slug, rt.slug]),
            summary=_short(rt.description),
            body=" ".join([ROUNDTABLE.label, rt.description]),
        )


def _committee_documents(m: Municipality) -> Iterable[Document]:
    for c in participation.committees(m):
        yield Document(
            kind=COMMITTEE.key,
            title=c.name,
            url=reverse("web:committee_detail", args=[m.slug, c.pk]),
            summary=_short(c.purpose),
            body=" ".join([COMMITTEE.label, c.field, c.purpose, c.owner.name if c.owner else ""]),
        )


#: Where documents come from; each reads through its app's selectors.
SOURCES: list[Callable[[Municipality], Iterable[Document]]] = [
    _pledge_documents,
    _program_documents,
    _work_plan_documents,
    _proposal_documents,
    _roundtable_documents,
    _committee_documents,
]


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """The text in pieces of at most ``size`` characters, cut at spaces where possible
    (``normalize`` reads at most MAX_CHARS characters of a text)."""
    out: list[str] = []
    text = " ".join(text.split())
    while len(text) > size:
        cut = text.rfind(" ", 0, size)
        cut = cut if cut > size // 2 else size
        out.append(text[:cut])
        text = text[cut:].lstrip()
    if text:
        out.append(text)
    return out


def build_index(m: Municipality) -> list[Document]:
    """Every public record of the municipality, analysed."""
    documents = [d for source in SOURCES for d in source(m)]
    analyzer = Analyzer()
    titles = [normalize(d.title) for d in documents]
    title_terms = analyzer.terms(titles)
    pieces = [[normalize(c) for c in chunks(d.body)] for d in documents]
    flat_pieces = [c for ps in pieces for c in ps]
    piece_terms = iter(analyzer.terms(flat_pieces))
    for i, d in enumerate(documents):
        d.title_terms = frozenset(title_terms[i])
        body_terms = {t for _ in pieces[i] for t in next(piece_terms)}
        d.terms = d.title_terms | body_terms
        d.title_flat = despace(titles[i])
        d.flat = "|".join([d.title_flat, *(despace(c) for c in pieces[i])])
    return documents


def index(m: Municipality) -> list[Document]:
    key = f"web:search:{m.pk}:{data_version(m)[0]}"
    documents: list[Document] | None = cache.get(key)
    if documents is None:
        documents = build_index(m)
        cache.set(key, documents, CACHE_SECONDS)
    return documents


def strip_particle(word: str) -> str:
    for p in PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2:
            return word[: -len(p)]
    return word


def parse_query(q: str) -> list[Word]:
    """The query's words, each without its particle and with its content terms."""
    words = normalize(q[:MAX_QUERY]).split()
    if not words:
        return []
    terms = Analyzer().terms(words)
    return [
        Word(strip_particle(w), tuple(t for t in ts if len(t) >= 2))
        for w, ts in zip(words, terms, strict=True)
    ]


def _word_score(word: Word, d: Document) -> int:
    """0 when the word does not match; more when it matches in the title."""
    if word.text in d.title_flat:
        return 4
    if word.text in d.flat:
        return 2
    if not word.terms:
        return 0
    in_title = all(t in d.title_terms or t in d.title_flat for t in word.terms)
    if in_title:
        return 3
    if all(t in d.terms or t in d.flat for t in word.terms):
        return 1
    return 0


def search(m: Municipality, q: str, *, kind: str | None = None) -> list[Hit]:
    words = parse_query(q)
    if not words:
        return []
    hits = []
    for d in index(m):
        if kind and d.kind != kind:
            continue
        scores = [_word_score(w, d) for w in words]
        if all(scores):
            hits.append(Hit(d, sum(scores)))
    hits.sort(key=lambda h: (-h.score, KIND_ORDER[h.document.kind], h.document.title))
    return hits


def counts_by_kind(hits: list[Hit]) -> list[tuple[Kind, int]]:
    counted: dict[str, int] = {}
    for h in hits:
        counted[h.document.kind] = counted.get(h.document.kind, 0) + 1
    return [(k, counted.get(k.key, 0)) for k in KINDS if k.key in counted]


def as_dict(hit: Hit) -> dict[str, Any]:
    d = hit.document
    return {"kind": d.kind, "label": d.label, "title": d.title, "url": d.url, "score": hit.score}
