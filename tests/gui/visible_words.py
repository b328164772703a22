"""Every string a user can read in a widget tree, and the English words left in it.

`visible_texts(root)` walks a window (or dialog) as a reader would: labels, buttons,
actions and menus, tooltips and status tips, group and dock titles, tabs, combo and list
items, placeholders, table headers, and the plots' titles, axis labels, legends and text
items. `english_words(text)` is what a Chinese reader would still find English in it:
words of three or more Latin letters that are not names (ReLU, Xavier, fp16, CSV…, from
the glossary's `keep` list and the registries) or formulas' functions (exp, tanh, log…).
"""

from __future__ import annotations

import json
import re

from PySide6 import QtGui, QtWidgets

from engine.activations import ACTIVATIONS
from engine.inits import INITS
from resources import RESOURCES

GLOSSARY = json.loads((RESOURCES / "i18n" / "glossary.json").read_text(encoding="utf-8"))
FUNCTIONS = {
    "exp",
    "log",
    "log10",
    "ln",
    "sqrt",
    "tanh",
    "sinh",
    "cosh",
    "sin",
    "cos",
    "erf",
    "abs",
    "max",
    "min",
    "sign",
    "softplus",
    "sigmoid",
    "mean",
    "var",
    "Var",
    "std",
    "rms",
    "RMS",
    "arctan",
    "atan",
    "sech",
    "sum",
    "prod",
    "det",
    "diag",
    "Tr",
    "median",
    "relu",
    "gelu",
    "silu",
    "elu",
    "selu",
    "mish",
    "erfc",
    "pow",
    "floor",
    "where",
    "tau",
    "sym",
    "tan",
    "cond",
}
_TAG = re.compile(r"<[^>]+>")
_ENTITY = re.compile(r"&[a-z]+;|&#[0-9]+;")
_WORD = re.compile(r"(?<![A-Za-z0-9_.\\/-])[A-Za-z][A-Za-z]{2,}(?![A-Za-z0-9_(])")
_CODE = re.compile(
    r"`[^`]*`|--[a-z][a-z0-9-]*|\b[\w.-]+\.(?:png|svg|pdf|gif|mp4|csv|json|qm|ts)\b|https?://\S+"
)


def allowed_words() -> set[str]:
    words = set(FUNCTIONS)
    for name in GLOSSARY["keep"]:
        words.update(re.findall(r"[A-Za-z]+", name))
    for entry in [*ACTIVATIONS.values(), *INITS.values()]:
        words.update(re.findall(r"[A-Za-z]+", entry.name))
        words.update(re.findall(r"[A-Za-z]+", entry.formula))
    return {w.lower() for w in words}


ALLOWED = allowed_words()


def english_words(text: str) -> list[str]:
    """The English words left in `text` (HTML tags, code, flags and file names aside)."""
    plain = _CODE.sub(" ", _ENTITY.sub(" ", _TAG.sub(" ", text or "")))
    return [w for w in _WORD.findall(plain) if w.lower() not in ALLOWED]


def _plot_texts(widget) -> list[tuple[str, str]]:
    """Titles, axis labels, legend entries and text items of a pyqtgraph widget."""
    import pyqtgraph as pg

    found = []
    items = widget.scene().items() if hasattr(widget, "scene") and widget.scene() else []
    for item in items:
        if isinstance(item, pg.LabelItem) and item.isVisible():
            found.append(("plot label", item.text))
        elif (
            isinstance(item, pg.TextItem)
            and item.isVisible()
            or isinstance(item, QtWidgets.QGraphicsTextItem)
            and item.isVisible()
        ):
            found.append(("plot text", item.toPlainText()))
        elif isinstance(item, pg.AxisItem) and item.isVisible() and item.label.isVisible():
            found.append(("axis", item.label.toPlainText()))
    return found


def visible_texts(root: QtWidgets.QWidget) -> list[tuple[str, str]]:
    """(where, text) for every string a reader can see or hover in `root`'s tree."""
    import pyqtgraph as pg

    found: list[tuple[str, str]] = []
    widgets = [root, *root.findChildren(QtWidgets.QWidget)]
    for w in widgets:
        name = f"{type(w).__name__} {w.objectName() or ''}".strip()
        for what in ("toolTip", "statusTip", "whatsThis"):
            found.append((f"{name} {what}", getattr(w, what)()))
        if isinstance(w, (QtWidgets.QMainWindow, QtWidgets.QDialog, QtWidgets.QDockWidget)):
            found.append((f"{name} title", w.windowTitle()))
        if isinstance(w, (QtWidgets.QLabel, QtWidgets.QAbstractButton)):
            found.append((name, w.text()))
        elif isinstance(w, QtWidgets.QGroupBox):
            found.append((name, w.title()))
        elif isinstance(w, QtWidgets.QLineEdit):
            found.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QtWidgets.QAbstractSpinBox):
            if hasattr(w, "suffix"):
                found.append((f"{name} suffix", w.suffix()))
                found.append((f"{name} special", w.specialValueText()))
        elif isinstance(w, QtWidgets.QComboBox):
            for i in range(w.count()):
                found.append((f"{name} item", w.itemText(i)))
        elif isinstance(w, QtWidgets.QTabBar):
            for i in range(w.count()):
                found.append((f"{name} tab", w.tabText(i)))
                found.append((f"{name} tab tip", w.tabToolTip(i)))
        elif isinstance(w, QtWidgets.QListWidget):
            for i in range(w.count()):
                found.append((f"{name} item", w.item(i).text()))
        elif isinstance(w, QtWidgets.QTextEdit | QtWidgets.QTextBrowser):
            found.append((name, w.toPlainText()))
        elif isinstance(w, QtWidgets.QMenu):
            found.append((f"{name} title", w.title()))
        if isinstance(w, pg.GraphicsView):
            found += [(f"{name} {where}", text) for where, text in _plot_texts(w)]
        for action in w.actions():
            found.append((f"action of {name}", action.text().replace("&", "")))
            found.append((f"action tip of {name}", action.toolTip()))
            found.append((f"action status of {name}", action.statusTip()))
            if action.menu() is not None:
                found.append(("menu", action.menu().title().replace("&", "")))
    return [(where, text) for where, text in found if text]


def english_left(root: QtWidgets.QWidget) -> list[str]:
    """'where: text' for every visible string of `root` that still reads as English."""
    left = []
    for where, text in visible_texts(root):
        words = english_words(text)
        if words:
            left.append(f"{where}: {text[:100]!r} ({', '.join(words[:4])})")
    return sorted(set(left))


def keys_text(sequence: QtGui.QKeySequence) -> str:
    return sequence.toString(QtGui.QKeySequence.SequenceFormat.NativeText)
