"""Tidy Qt's SVG so a slide can enlarge it: strokes that scale, curves cut at the axes.

Qt writes a cosmetic pen as `vector-effect="non-scaling-stroke"` inside a group whose
transform maps data to the page, so an enlarged SVG keeps 2-px lines while its text
grows. Where a group holds only lines, this bakes the transform into the coordinates
and drops the effect: stroke widths are then page pixels and scale like the text.

Clipping: Qt's SVG 1.1 clip paths go stale under QGraphicsScene painting (legend samples
and whole labels vanish in conforming renderers), and SVG Tiny 1.2 has none. So the
export writes Tiny 1.2 and cuts, here, every polyline that runs from inside a plot's
view box to outside it (a Taylor polynomial shooting off the axes) at that box.

Text stays text (`<text>`, searchable and selectable); each font-family it names is
followed by the CJK fallbacks given (Qt names only the families a font lists) and a
generic family, so Chinese shows in any viewer that has one of them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

_NUMBER = r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PAIR = re.compile(rf"({_NUMBER}),({_NUMBER})")
_MATRIX = re.compile(r'\s*transform="matrix\(([^)]*)\)"')
_GROUP = re.compile(r"(<g\b[^>]*>)((?:(?!<g\b).)*?)(</g>)", re.DOTALL)
_POLYLINE = re.compile(r'<polyline([^>]*?)\bpoints="([^"]*)"([^>]*)/>')
_POLYLINE_POINTS = re.compile(r'<polyline[^>]*?\bpoints="([^"]*)"')
_LINE_ELEMENTS = {"polyline", "path", "polygon"}
_FONT_FAMILY = re.compile(r'font-family="([^"]*)"')
INSIDE = 1.0  # px: a point this far inside a view box belongs to the plot's data

Rect = tuple[float, float, float, float]  # left, top, right, bottom, in viewBox units


def tidy_svg(
    svg: str,
    views: list[Rect] = (),
    fallbacks: tuple[str, ...] = (),
    resolve: Callable[[str], str] | None = None,
) -> str:
    """Scalable strokes everywhere possible; data polylines cut at their view box; the
    `fallbacks` font families after every text's own, `resolve` naming the font a family
    stands for (Qt's "Sans Serif" is a fontconfig alias no SVG viewer knows)."""

    def tidy_group(match: re.Match) -> str:
        head, body, tail = match.groups()
        elements = set(re.findall(r"<(\w+)", body))
        if not elements or not elements <= _LINE_ELEMENTS:
            return match.group(0)
        m = _MATRIX.search(head)
        matrix = tuple(float(v) for v in m.group(1).split(",")) if m else (1, 0, 0, 1, 0, 0)
        body = _transform(body, matrix).replace(' vector-effect="non-scaling-stroke"', "")
        # Data coordinates (a scaling transform) mean the group lives in a view box.
        if views and tuple(matrix[:4]) != (1, 0, 0, 1):
            body = _clip_group(body, views)
        return _MATRIX.sub("", head) + body + tail

    # Heatmap cells stay cells when a viewer enlarges the embedded bitmap.
    svg = svg.replace("<image ", '<image style="image-rendering:pixelated" ')
    if fallbacks:
        known: dict[str, str] = {}

        def families(match: re.Match) -> str:
            given = match.group(1)
            if given not in known:
                known[given] = font_families(given, fallbacks, resolve)
            return f'font-family="{known[given]}"'

        svg = _FONT_FAMILY.sub(families, svg)
    return _GROUP.sub(tidy_group, svg)


def font_families(
    given: str, fallbacks: tuple[str, ...], resolve: Callable[[str], str] | None = None
) -> str:
    """A font-family list: `given`'s families (each as `resolve` names it), then the
    missing `fallbacks`, then sans-serif; names with spaces quoted as CSS asks."""
    own = [name.strip().strip("'\"").replace("&quot;", "").strip() for name in given.split(",")]
    own = [resolve(name) if resolve else name for name in own if name]
    own = list(dict.fromkeys(name for name in own if name))
    names = [*own, *(f for f in fallbacks if f not in own)]
    generic = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
    if not generic & set(names):
        names.append("sans-serif")
    return ", ".join(name if name in generic or name.isalnum() else f"'{name}'" for name in names)


def _transform(body: str, matrix) -> str:
    a, b, c, d, e, f = matrix

    def move(pair: re.Match) -> str:
        x, y = float(pair.group(1)), float(pair.group(2))
        return f"{a * x + c * y + e:.6g},{b * x + d * y + f:.6g}"

    def coords(attr: re.Match) -> str:
        return f'{attr.group(1)}="{_PAIR.sub(move, attr.group(2))}"'

    return re.sub(r'\b(points|d)="([^"]*)"', coords, body)


def _clip_group(body: str, views: list[Rect]) -> str:
    """Cut the group's polylines at the view box holding most of its points."""
    points = [
        (float(x), float(y)) for x, y in _PAIR.findall(" ".join(_POLYLINE_POINTS.findall(body)))
    ]
    if not points:
        return body
    rect = max(views, key=lambda r: sum(_inside(p, r, INSIDE) for p in points))
    if not any(_inside(p, rect, INSIDE) for p in points):
        return body

    def cut(match: re.Match) -> str:
        before, text, after = match.groups()
        line = [(float(x), float(y)) for x, y in _PAIR.findall(text)]
        if all(_inside(p, rect, 0.0) for p in line):
            return match.group(0)
        return "".join(
            f'<polyline{before}points="{" ".join(f"{x:.6g},{y:.6g}" for x, y in run)} "{after}/>'
            for run in clip_polyline(line, rect)
        )

    return _POLYLINE.sub(cut, body)


def _inside(point, rect: Rect, margin: float) -> bool:
    x, y = point
    left, top, right, bottom = rect
    return left + margin < x < right - margin and top + margin < y < bottom - margin


def clip_polyline(points, rect: Rect) -> list[list[tuple[float, float]]]:
    """The visible pieces of a polyline inside `rect` (Liang–Barsky per segment)."""
    runs: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for p, q in itertools.pairwise(points):
        piece = _clip_segment(p, q, rect)
        if piece is None:
            if run:
                runs.append(run)
            run = []
            continue
        start, end = piece
        if run and run[-1] == start:
            run.append(end)
        else:
            if run:
                runs.append(run)
            run = [start, end]
    if run:
        runs.append(run)
    return runs


def _clip_segment(p, q, rect: Rect):
    left, top, right, bottom = rect
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if pk == 0:
            if qk < 0:
                return None
            continue
        t = qk / pk
        if pk < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    if t0 > t1:
        return None
    start = (x0, y0) if t0 == 0 else (x0 + t0 * dx, y0 + t0 * dy)
    end = (x1, y1) if t1 == 1 else (x0 + t1 * dx, y0 + t1 * dy)
    return start, end
