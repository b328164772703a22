"""The Taylor panel's text: each series with its verdict badge (f(0) = 0 and f′(0) = 1?),
and the labels that hold them.

A badge sits beside its series, or above it when the dock is narrow (a wrapping row,
gui/flow_layout.py). Colours follow the window theme: the text's default is the window
palette's (gui/window_theme.py), the rest comes from `tone` and the badge tables here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from engine import ACTIVATIONS
from engine.protocol import TaylorData
from engine.words import QT_TRANSLATE_NOOP

from .flow_layout import FlowLayout
from .language import live, localise, translate
from .window_theme import tone

VERDICT_STYLE = {
    "pass": (QT_TRANSLATE_NOOP("TaylorText", "✓ passes"), "#1B5E20", "#E3F4E4"),
    "right": (QT_TRANSLATE_NOOP("TaylorText", "◐ passes for x ≥ 0"), "#7A4F00", "#FFF1D6"),
    "fail": (QT_TRANSLATE_NOOP("TaylorText", "✗ fails"), "#B71C1C", "#FDE4E4"),
}
# The same badges on a dark window: light text on a deep tint (about 7 : 1 or more).
VERDICT_DARK = {
    "pass": ("#9BE39F", "#1D3B22"),
    "right": ("#FFD27A", "#3D2F12"),
    "fail": ("#FF9A8F", "#4A1C1C"),
}
KINK_COLOUR = {"light": "#7A4F00", "dark": "#FFD27A"}


def series_tip() -> str:
    return translate(
        "TaylorText", "Exact Taylor series around 0 (from the symbolic form of the activation)."
    )


def verdict_tip() -> str:
    return translate("TaylorText", "The lesson's test near 0: f(0) = 0 and f′(0) = 1.")


def text_label(name: str, tip: Callable[[], str]) -> QtWidgets.QLabel:
    """Selectable rich text that wraps to the panel's width; `tip()` gives its tooltip in
    the current language (again after a switch)."""
    label = QtWidgets.QLabel(objectName=name)
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    live(label, "setToolTip", tip)
    return label


def series_label(name: str) -> QtWidgets.QLabel:
    """A series: it takes the rest of its row."""
    label = text_label(name, series_tip)
    expanding, preferred = (
        QtWidgets.QSizePolicy.Policy.Expanding,
        QtWidgets.QSizePolicy.Policy.Preferred,
    )
    label.setSizePolicy(expanding, preferred)
    return label


def verdict_label(name: str) -> QtWidgets.QLabel:
    """A badge: two short centred lines, never wrapped."""
    label = text_label(name, verdict_tip)
    label.setWordWrap(False)
    label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    return label


def text_row(verdict: QtWidgets.QLabel, series: QtWidgets.QLabel) -> FlowLayout:
    """The badge beside its series, or above it when the row is too narrow."""
    row = FlowLayout(centred=False)  # the badge level with the series' first line
    row.addWidget(verdict)
    row.addWidget(series)
    return row


def show_series(text: QtWidgets.QLabel, verdict: QtWidgets.QLabel, data: TaylorData, theme):
    """Write `data`'s series and explanation in `text` and its verdict in the badge, in
    the current language (the panel calls it again after a switch)."""
    head = f"<b>{localise(ACTIVATIONS[data.activation].label)}</b>"
    if data.piecewise:
        left, right = data.side_texts
        body = f"{head}:&nbsp; x &lt; 0: {left} &nbsp;|&nbsp; x ≥ 0: {right}"
        if data.kink_text:
            kink = KINK_COLOUR.get(theme.name, KINK_COLOUR["light"])
            body += f"<br><span style='color:{kink}'>{localise(data.kink_text)}</span>"
    else:
        body = f"{head} = {data.text}"
    muted = tone(theme, "muted")
    explanation = localise(data.explanation)
    text.setText(f"{body}<br><span style='color:{muted}'>{explanation}</span>")
    word, fg, bg = VERDICT_STYLE[data.verdict]
    if theme.name == "dark":
        fg, bg = VERDICT_DARK[data.verdict]
    gain = translate("TaylorText", "variance × {gain} per layer").format(gain=data.gain)
    verdict.setText(f"{localise(word)}<br><small>{gain}</small>")
    verdict.setStyleSheet(
        f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {fg};"
        " border-radius: 6px; padding: 4px 8px; font-weight: 600; }"
    )
    verdict.setProperty("verdict", data.verdict)
