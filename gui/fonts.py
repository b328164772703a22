"""Fonts that draw Simplified Chinese, after the Latin font a text has.

Qt finds a font for characters the first one lacks by itself, but on Linux it often
takes the Japanese member of Noto Sans CJK, whose forms of some characters (直, 骨, 门 …)
are not Chinese, and an SVG names only the families a font lists. So the application's
font and every figure's list their own family first, then `CJK_FAMILIES`: the fonts
Linux (Noto, Source Han, WenQuanYi), macOS (PingFang, Hiragino) and Windows (YaHei,
SimHei) ship. Only Qt's GUI module is needed: the window imports this at start.
"""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets

# Fonts that draw Simplified Chinese, tried after a text's own (Latin) font: Linux's
# Noto / Source Han / WenQuanYi, macOS's PingFang and Hiragino, Windows' YaHei and SimHei.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "SimHei",
)


def with_cjk_fallbacks(font: QtGui.QFont) -> QtGui.QFont:
    """`font` with its own families first, then `CJK_FAMILIES` for the glyphs it lacks.

    Each own family is named as the font it stands for (`real_family`): Qt skips an
    alias such as "Sans Serif" in a list of families, and would draw the Latin text in
    the first CJK font too. Without the list Qt's own fallback picks any CJK font, on
    Linux often the Japanese one, whose forms of some characters are not Chinese."""
    font = QtGui.QFont(font)
    own = [real_family(family) for family in font.families() or [font.family()] if family]
    own = list(dict.fromkeys(own))
    font.setFamilies([*own, *(family for family in CJK_FAMILIES if family not in own)])
    return font


def real_family(name: str) -> str:
    """The installed family Qt draws `name` with: an alias such as "Sans Serif" becomes
    the font it stands for here ("DejaVu Sans"); a CJK fallback keeps its own name."""
    if name in CJK_FAMILIES:
        return name
    return QtGui.QFontInfo(QtGui.QFont(name)).family() or name


def use_cjk_fallbacks(app: QtWidgets.QApplication | None = None) -> None:
    """Give the application's font the CJK fallbacks, so every plot's text (which takes
    the application's font) draws Chinese and names the fallbacks in an SVG."""
    app = app or QtWidgets.QApplication.instance()
    if app is not None and not set(CJK_FAMILIES) <= set(app.font().families()):
        app.setFont(with_cjk_fallbacks(app.font()))
