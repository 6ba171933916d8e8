"""Server-side charts: matplotlib draws SVG, which the page inlines with a <title> and <desc>.

No JavaScript: the SVG is part of the cached page, readable by screen readers through its
title and description, and every chart has its data table beside it. Text stays text
(``svg.fonttype: none``) so the browser draws it in the page's font; matplotlib's own ids are
prefixed with the chart's key so that several charts can share a page.
"""

from __future__ import annotations

import collections
import functools
import io
import re
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TEXT = "#1e2124"
TEXT_2 = "#464c53"
GRID = "#cdd1d5"
#: Fonts for measuring text, the first one installed wins; the browser draws the text itself.
KOREAN_FONTS = ("Pretendard GOV", "Pretendard", "Noto Sans CJK KR", "Noto Sans KR", "NanumGothic")

_PROLOGUE = re.compile(r"\A.*?(?=<svg)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SIZE = re.compile(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"')
_FONT_FAMILY = re.compile(r"font-family: [^;\"]*;? ?")
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|xlink:href="#|href="#)([^)"]+)')


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    color: str


@cache
def _matplotlib() -> Any:
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib.figure import Figure

    return Figure


@cache
def _font_family() -> list[str]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = [name for name in KOREAN_FONTS if name in installed]
    return [*found[:1], "sans-serif"]


def rc(key: str) -> Any:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": key,
        "font.family": _font_family(),
        "font.size": 11,
        "axes.edgecolor": GRID,
        "axes.labelcolor": TEXT_2,
        "xtick.color": TEXT_2,
        "ytick.color": TEXT,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def finish(fig: Any, key: str, title: str, desc: str) -> SafeString:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context(rc(key)), warnings.catch_warnings():
        # without a Korean font installed, text is measured in the default one; the browser
        # still draws it in the page's font
        warnings.filterwarnings("ignore", message="Glyph .* missing")
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = _PROLOGUE.sub("", buf.getvalue())
    svg = _METADATA.sub("", svg)
    svg = _FONT_FAMILY.sub("", svg)
    svg = _ID.sub(lambda m: f'id="{key}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{key}-{m.group(2)}", svg)
    svg = _SIZE.sub(
        f'<svg class="chart" role="img" aria-labelledby="{key}-title {key}-desc" '
        r'focusable="false" \1',
        svg,
        count=1,
    )
    head = f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(desc)}</desc>'
    svg = svg.replace(">", ">" + head, 1) if svg.startswith("<svg") else svg
    # safe: matplotlib's own SVG plus the title and description escaped above
    return mark_safe(svg.strip())


# matplotlib's rc_context and warnings.catch_warnings change process-wide state: two threads
# drawing at once (a threaded app server on a cold cache) would mix their settings and ids.
_DRAWING = threading.RLock()


def serialised(draw: Callable[..., SafeString]) -> Callable[..., SafeString]:
    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> SafeString:
        with _DRAWING:
            return draw(*args, **kwargs)

    return wrapper


#: Drawn charts by their inputs: a page built again for a new data version (or another query)
#: mostly draws the same charts, and drawing is most of a dashboard's cost.
MEMO_SIZE = 512
_memo: collections.OrderedDict[str, SafeString] = collections.OrderedDict()
memo_stats = {"hits": 0, "misses": 0}


def memoised(draw: Callable[..., SafeString]) -> Callable[..., SafeString]:
    """Serialised, and keep the SVG of the last :data:`MEMO_SIZE` charts keyed by the drawing
    function and the repr of its arguments (text, numbers and :class:`Series` only)."""

    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> SafeString:
        key = repr((draw.__qualname__, args, sorted(kwargs.items())))
        with _DRAWING:
            svg = _memo.get(key)
            if svg is not None:
                _memo.move_to_end(key)
                memo_stats["hits"] += 1
                return svg
            svg = draw(*args, **kwargs)
            memo_stats["misses"] += 1
            _memo[key] = svg
            if len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
            return svg

    return wrapper


def figure(key: str, width: float, height: float) -> Any:
    import matplotlib

    figure_cls = _matplotlib()
    with matplotlib.rc_context(rc(key)):
        fig = figure_cls(figsize=(width, height))
        ax = fig.subplots()
    return fig, ax


@memoised
def hbar(
    *,
    key: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "건",
    overlay: bool = False,
) -> SafeString:
    """Horizontal bars, one row per label, top to bottom in the given order.

    With ``overlay`` the second series is drawn inside the first (e.g. 완료 within 전체), else
    the series stand side by side.
    """
    import matplotlib

    n = max(len(labels), 1)
    fig, ax = figure(key, 5.0, 0.4 + 0.36 * n * (1 if overlay or len(series) == 1 else 1.4))
    with matplotlib.rc_context(rc(key)):
        positions = list(range(n))[::-1]
        height = 0.7 if overlay or len(series) == 1 else 0.8 / len(series)
        peak = max([max(s.values, default=0) for s in series] + [1])
        for i, s in enumerate(series):
            ys: list[float]
            if overlay:
                ys = [float(p) for p in positions]
                h = height if i == 0 else height * 0.55
            else:
                offset = (len(series) - 1) / 2 - i
                ys = [p + offset * height for p in positions]
                h = height
            bars = ax.barh(ys, list(s.values), height=h, color=s.color, label=s.name)
            labels_text = [f"{v:g}{unit}" for v in s.values]
            if not overlay or i == 0:
                ax.bar_label(bars, labels=labels_text, padding=3, color=TEXT, fontsize=10)
        ax.set_yticks(positions, list(labels[: len(positions)]) if labels else [""])
        ax.set_xlim(0, peak * 1.18)
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if len(series) > 1:
            ax.legend(
                loc="lower left",
                bbox_to_anchor=(0, 1.0),
                ncols=len(series),
                frameon=False,
                fontsize=10,
            )
    return finish(fig, key, title, desc)


@memoised
def stacked_columns(
    *,
    key: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    ylabel: str,
) -> SafeString:
    """Vertical stacked columns, one per label (e.g. a quarter), with a legend above."""
    import matplotlib

    fig, ax = figure(key, 10, 3.2)
    with matplotlib.rc_context(rc(key)):
        x = list(range(len(labels)))
        bottom = [0.0] * len(labels)
        for s in series:
            ax.bar(x, list(s.values), bottom=bottom, color=s.color, label=s.name, width=0.7)
            bottom = [b + v for b, v in zip(bottom, s.values, strict=True)]
        ax.set_xticks(x, list(labels), fontsize=9)
        ax.set_ylabel(ylabel)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="x", length=0)
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncols=max(len(series), 1),
            frameon=False,
            fontsize=10,
        )
    return finish(fig, key, title, desc)
